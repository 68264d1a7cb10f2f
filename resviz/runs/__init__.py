"""The run store: every training run kept in an SQLite database (WAL mode) with its files.

    store = open_store()                       # or open_store("DIR"); $RESVIZ_STORE
    run_id = store.create_run("plain-56", spec=spec.to_dict(), config=config)
    store.set_status(run_id, "running")
    with store.writer(run_id) as writer:       # batched: one transaction a second
        writer.log(step, {"train/loss": loss, "lr": lr})
        writer.log_vectors(step, "grad_norm", norms)
    store.set_status(run_id, "finished")

A RunStore (and a MetricWriter) is used from one thread; each thread opens its own.
"""

from resviz.runs.exchange import export_csv, export_json, import_json, run_to_dict
from resviz.runs.liveness import pid_alive
from resviz.runs.schema import SCHEMA_VERSION
from resviz.runs.store import STALE_AFTER_S, STORE_ENV, RunStore, default_store_dir, open_store
from resviz.runs.types import (
    ENDED_STATUSES,
    STATUSES,
    SUMMARY_FIELDS,
    GradCamInfo,
    MetricTable,
    RunInfo,
)
from resviz.runs.writer import MetricWriter

__all__ = [
    "ENDED_STATUSES",
    "SCHEMA_VERSION",
    "STALE_AFTER_S",
    "STATUSES",
    "STORE_ENV",
    "SUMMARY_FIELDS",
    "GradCamInfo",
    "MetricTable",
    "MetricWriter",
    "RunInfo",
    "RunStore",
    "default_store_dir",
    "export_csv",
    "export_json",
    "import_json",
    "open_store",
    "pid_alive",
    "run_to_dict",
]
