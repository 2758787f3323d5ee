"""accord's HTTP API and the dashboard it serves (FastAPI); see ``create_app``."""

from accord.api.app import create_app

__all__ = ["create_app"]
