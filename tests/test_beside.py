"""beside.Beside: DuckDB work in a thread beside the Python stages never outlives or hides a failure."""

import gc
import threading
import time
import weakref

import duckdb
import pytest

from linkage.beside import Beside


@pytest.fixture()
def con():
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT range AS x FROM range(1000)")
    yield con
    con.close()


def test_work_reads_the_runs_tables_on_its_own_cursor(con, tmp_path):
    out = tmp_path / "t.parquet"
    def work(cur):
        cur.execute("COPY t TO ? (FORMAT parquet)", [str(out)])
        return cur.execute("SELECT max(x) FROM t").fetchone()[0]

    with Beside(con, work) as job:
        assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 1000  # the run goes on
        assert job.wait() == 999
        assert job.seconds >= 0
    assert con.execute("SELECT sum(x) FROM read_parquet(?)", [str(out)]).fetchone()[0] == sum(range(1000))


def test_the_works_error_is_raised_where_the_run_waits(con):
    with (pytest.raises(duckdb.CatalogException, match="no_such_table"),
          Beside(con, lambda cur: cur.execute("SELECT * FROM no_such_table")) as job):
        job.wait()


def test_an_error_in_the_run_stops_the_work_before_it_is_raised(con):
    started, stopped = threading.Event(), threading.Event()

    def endless(cur):  # minutes of work unless interrupted
        started.set()
        try:
            cur.execute("SELECT sum(hash(range)) FROM range(100000000000)")
        finally:
            stopped.set()

    begun = time.perf_counter()
    with pytest.raises(RuntimeError, match="the run failed"), Beside(con, endless):
        started.wait()
        raise RuntimeError("the run failed")
    assert stopped.is_set()  # the thread ended before the run's folder could be removed
    assert time.perf_counter() - begun < 30  # interrupted, not waited out


def test_the_result_is_handed_over_not_kept(con):
    class Records(dict):  # what the pipeline gets back: a million mentions' are 0.8 GB
        pass

    with Beside(con, lambda cur: Records(a=1)) as job:
        held = weakref.ref(job.wait())
        assert job.wait() is None  # handed over once
    gc.collect()
    assert held() is None  # neither the Beside nor its thread keeps it


def test_an_error_while_waiting_still_stops_the_work(con, monkeypatch):
    started, stopped = threading.Event(), threading.Event()

    def endless(cur):
        started.set()
        try:
            cur.execute("SELECT sum(hash(range)) FROM range(100000000000)")
        finally:
            stopped.set()

    def interrupted(*args, **kwargs):  # Ctrl-C landing while the run waits for the work
        raise KeyboardInterrupt

    begun = time.perf_counter()
    with pytest.raises(KeyboardInterrupt), Beside(con, endless) as job:
        started.wait()
        monkeypatch.setattr(job._future, "result", interrupted)
        job.wait()
    assert stopped.is_set()  # __exit__ still found the work, interrupted it and waited
    assert time.perf_counter() - begun < 30
