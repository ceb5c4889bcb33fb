// Starts a standalone Solr 9 node (core `ckan`) for datamuni's local stack, over HTTP on 127.0.0.1.
// Run with: java -Dlog4j2.configurationFile=log4j2.xml -cp '<lib>/*' Launcher.java <solr home> [port]
import java.nio.file.Path;
import java.util.Map;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

public class Launcher {
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("uso: Launcher <solr home> [puerto]");
      System.exit(64);
    }
    String home = Path.of(args[0]).toAbsolutePath().toString();
    int port = args.length > 1 ? Integer.parseInt(args[1]) : 8983;
    System.setProperty("solr.solr.home", home);
    System.setProperty("solr.install.dir", home);
    // JettySolrRunner binds its connector to 127.0.0.1; fail at once if the port is taken.
    JettyConfig config =
        JettyConfig.builder()
            .setContext("/solr")
            .setPort(port)
            .stopAtShutdown(true)
            .withPortRetryTime(1)
            .build();
    JettySolrRunner runner = new JettySolrRunner(home, config);
    try {
      runner.start();
    } catch (Exception error) {
      System.err.println("ERROR: Solr no pudo iniciar: " + error);
      error.printStackTrace();
      System.exit(3);
    }
    CoreContainer cores = runner.getCoreContainer();
    // The core container swallows core start-up errors (the node then answers 500s): fail fast.
    Map<String, CoreContainer.CoreLoadFailure> failures = cores.getCoreInitFailures();
    if (!failures.isEmpty() || !cores.getLoadedCoreNames().contains("ckan")) {
      // Stack traces first, the one-line summary last: the stack shows the log's last lines.
      failures.values().forEach(failure -> failure.exception.printStackTrace());
      for (Map.Entry<String, CoreContainer.CoreLoadFailure> failure : failures.entrySet()) {
        System.err.println("ERROR: el núcleo " + failure.getKey() + " no cargó: "
            + failure.getValue().exception);
      }
      System.err.println("ERROR: núcleos cargados: " + cores.getLoadedCoreNames());
      runner.stop();
      System.exit(4);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        if (!runner.isStopped()) {
          runner.stop();
        }
      } catch (Exception error) {
        error.printStackTrace();
      }
    }));
    System.out.println("SOLR_READY " + runner.getBaseUrl() + " cores=" + cores.getLoadedCoreNames());
    Thread.currentThread().join();
  }
}
