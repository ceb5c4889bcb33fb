"""Prefect flows of datamuni: thin wiring over `datamuni.pipeline` and `datamuni.progress`.

Entrypoints (see `prefect.yaml`): `flows/publicar.py:publicar_conjunto`,
`flows/publicar.py:publicar_municipio`, `flows/publicar.py:publicar_nacional`,
`flows/publicar.py:informe_avance`.
"""
