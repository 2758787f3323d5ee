"""`accord serve` and `accord demo --serve`, without starting a server."""

from __future__ import annotations


def test_serve_without_a_database_is_a_usage_error(cli, tmp_path):
    code, _, err = cli("serve", "--db", str(tmp_path / "missing.duckdb"))
    assert code == 2 and "accord ingest" in err


def test_serve_on_a_file_that_is_no_database_says_so(cli, tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database\n")
    code, _, err = cli("serve", "--db", str(bad))
    assert code == 1 and str(bad) in err and "Traceback" not in err


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


def test_serve_takes_its_key_from_the_option_or_the_environment(cli, sample_db, monkeypatch):
    served = {}
    monkeypatch.setattr("accord.api.cli.serve", lambda app, host, port, on_ready=None: served.update(app=app, host=host))
    monkeypatch.setenv("ACCORD_API_KEY", "from-env")
    code, _, err = cli("serve", "--db", str(sample_db))
    assert code == 0 and served["app"].state.accord.api_key == "from-env" and served["host"] == "127.0.0.1"
    assert "warning" not in err
    code, _, _ = cli("serve", "--db", str(sample_db), "--api-key", "given")
    assert served["app"].state.accord.api_key == "given"
    monkeypatch.delenv("ACCORD_API_KEY")
    code, _, err = cli("serve", "--db", str(sample_db), "--host", "0.0.0.0")
    assert code == 0 and "without an API key" in err and served["app"].state.accord.api_key is None
