"""`datamuni stack levantar | estado | detener` (filled in by the stack work)."""
