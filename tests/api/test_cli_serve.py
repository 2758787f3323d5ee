"""`accord serve` and `accord demo --serve`, without starting a server."""

from __future__ import annotations


def test_serve_without_a_database_is_a_usage_error(cli, tmp_path):
    code, _, err = cli("serve", "--db", str(tmp_path / "missing.duckdb"))
    assert code == 2 and "accord ingest" in err


def test_demo_serve_stores_the_samples_and_serves_them(cli, tmp_path, monkeypatch, sample_ids):
    served = {}
    monkeypatch.setattr("accord.api.cli.serve", lambda app, host, port, on_ready=None: served.update(
        app=app, host=host, port=port, on_ready=on_ready))
    db = tmp_path / "demo.duckdb"
    code, out, err = cli("demo", "--serve", "--db", str(db), "--port", "8123", "--no-browser")
    assert code == 0 and "Saudi" in out and f"{len(sample_ids)} added" in err
    assert served["host"] == "127.0.0.1" and served["port"] == 8123 and served["on_ready"] is None
    assert served["app"].state.accord.db_path == db
    code, _, err = cli("demo", "--serve", "--db", str(db), "--no-browser")
    assert f"{len(sample_ids)} skipped" in err
