"""accord ingest --dask: a LocalCluster of two worker processes gives the store a local run gives."""

from __future__ import annotations

import pytest

from accord.store import Store
from accord.store.distributed import ingest_dask

pytestmark = pytest.mark.slow

QUERY = "SELECT event_id, cluster_id, article_id, cameo, source_code, target_code FROM events ORDER BY event_id"


def test_local_cluster_of_two_workers(tmp_path, articles_file, store):
    parts = tmp_path / "parts"
    with Store(tmp_path / "dask.duckdb") as s:
        stats = ingest_dask([str(articles_file)], s, "local", workers=2, partition_size=2, parts_dir=str(parts),
                            progress=False)
        assert (stats.added, stats.documents) == (5, 5)
        # each worker process loaded the model once, however many partitions it analysed
        assert 1 <= len(stats.worker_loads) <= 2 and set(stats.worker_loads.values()) == {1}
        assert s.counts() == store.counts()
        assert s.sql(QUERY).to_pylist() == store.sql(QUERY).to_pylist()
    # the partitions were written as Parquet, one folder per partition, one file per table
    folders = sorted(p.name for p in parts.iterdir())
    assert folders == ["part-000001-0", "part-000002-0", "part-000003-0"]
    assert (parts / "part-000001-0" / "events.parquet").exists()


def test_unreachable_scheduler_is_a_clear_error(cli, tmp_path, articles_file):
    code, _, err = cli("ingest", str(articles_file), "--db", str(tmp_path / "x.duckdb"), "--dask",
                       "tcp://127.0.0.1:9", "--no-progress")
    assert code == 1 and "[A406]" in err and "tcp://127.0.0.1:9" in err
