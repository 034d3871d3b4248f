"""beside.Beside: DuckDB work in a thread beside the Python stages never outlives or hides a failure."""

import threading

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
    with Beside(con, lambda cur: cur.execute("COPY t TO ? (FORMAT parquet)", [str(out)])) as job:
        assert con.execute("SELECT count(*) FROM t").fetchone()[0] == 1000  # the run goes on
        assert job.wait() >= 0
    assert con.execute("SELECT sum(x) FROM read_parquet(?)", [str(out)]).fetchone()[0] == sum(range(1000))


def test_the_works_error_is_raised_where_the_run_waits(con):
    with (pytest.raises(duckdb.CatalogException, match="no_such_table"),
          Beside(con, lambda cur: cur.execute("SELECT * FROM no_such_table")) as job):
        job.wait()


def test_an_error_in_the_run_waits_for_the_work_and_is_the_one_raised(con):
    started, finished = threading.Event(), threading.Event()

    def slow(cur):
        started.set()
        cur.execute("SELECT count(*) FROM range(3000000) a")
        finished.set()

    with pytest.raises(RuntimeError, match="the run failed"), Beside(con, slow):
        started.wait()
        raise RuntimeError("the run failed")
    assert finished.is_set()  # the thread stopped before the run's folder could be removed
