"""Runs one task of a `dataops local` job run, or one pipeline update, in this Python.

`dataops local` writes this file next to the task's source and starts
    python dataops_local_runtime.py <notebook|python|pipeline> <request.json>
The request names the source files, the parameters and where the result goes. When PySpark
is importable (and DATAOPS_LOCAL_SPARK is not `standin`), `spark` is a local Spark session.
Otherwise `spark` is a stand-in that sends SQL to the local SQL warehouse through the
Statement Execution API and builds SQL for the common DataFrame calls; `dbutils` is always
a stand-in (widgets from the parameters, notebook.exit, secrets from the local workspace).
"""

import datetime
import decimal
import json
import os
import re
import sys
import time
import traceback
import types
import urllib.error
import urllib.request

HOST = os.environ.get("DATABRICKS_HOST", "").rstrip("/")
TOKEN = os.environ.get("DATABRICKS_TOKEN", "")
WAREHOUSE_ID = os.environ.get("DATAOPS_WAREHOUSE_ID", "")


class LocalRuntimeError(Exception):
    """A call the local stand-in cannot answer."""


class AnalysisException(Exception):
    """A statement the warehouse refused, as PySpark names it."""


class ParseException(AnalysisException):
    """A statement that does not parse."""


class NotebookExit(BaseException):
    def __init__(self, value):
        super().__init__(value)
        self.value = value


def api(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(HOST + path, data=data, method=method)
    request.add_header("Authorization", "Bearer " + TOKEN)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        payload = json.loads(error.read() or b"{}")
        raise LocalRuntimeError("%s %s: %s" % (method, path, payload.get("message", error.reason))) from None


# ---- SQL on the local warehouse ---------------------------------------------------------


def _convert(value, type_name):
    if value is None:
        return None
    if type_name in ("INT", "LONG", "SHORT", "BYTE"):
        return int(value)
    if type_name in ("DOUBLE", "FLOAT"):
        return float(value)
    if type_name == "DECIMAL":
        return decimal.Decimal(value)
    if type_name == "BOOLEAN":
        return value == "true"
    if type_name == "DATE":
        return datetime.date.fromisoformat(value)
    return value


class Row(tuple):
    """A result row: a tuple whose fields are also attributes and keys, as pyspark.sql.Row."""

    def __new__(cls, names, values):
        row = super().__new__(cls, values)
        row._names = list(names)
        return row

    def __getattr__(self, name):
        try:
            return self[self._names.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names.index(key))
        return tuple.__getitem__(self, key)

    def asDict(self):
        return dict(zip(self._names, self))

    def __repr__(self):
        return "Row(%s)" % ", ".join("%s=%r" % pair for pair in zip(self._names, self))


def run_sql(statement, parameters=None):
    """Runs one statement to its end; returns (column names, rows)."""
    body = {"warehouse_id": WAREHOUSE_ID, "statement": statement, "wait_timeout": "50s", "on_wait_timeout": "CONTINUE"}
    if parameters:
        body["parameters"] = [{"name": k, "value": None if v is None else str(v)} for k, v in parameters.items()]
    response = api("POST", "/api/2.0/sql/statements", body)
    while response["status"]["state"] in ("PENDING", "RUNNING"):
        time.sleep(0.2)
        response = api("GET", "/api/2.0/sql/statements/" + response["statement_id"])
    state = response["status"]["state"]
    if state != "SUCCEEDED":
        message = response["status"].get("error", {}).get("message", state)
        raise (ParseException if "PARSE_SYNTAX_ERROR" in message else AnalysisException)(message)
    columns = response["manifest"]["schema"]["columns"]
    names = [c["name"] for c in columns]
    types_ = [c["type_name"] for c in columns]
    data = list(response.get("result", {}).get("data_array") or [])
    chunk = response.get("result", {})
    while chunk.get("next_chunk_index") is not None:
        chunk = api("GET", "/api/2.0/sql/statements/%s/result/chunks/%d" % (response["statement_id"], chunk["next_chunk_index"]))
        data.extend(chunk.get("data_array") or [])
    return names, [Row(names, [_convert(v, t) for v, t in zip(row, types_)]) for row in data]


# ---- the stand-in for pyspark.sql ---------------------------------------------------------

QUERY = re.compile(r"^\s*(\(|SELECT\b|WITH\b|VALUES\b|FROM\b|TABLE\b|SHOW\b|DESCRIBE\b)", re.IGNORECASE)


class Column:
    def __init__(self, sql, name=None):
        self.sql = sql
        self.name = name

    def alias(self, name):
        return Column(self.sql, name)

    name_as = alias

    def cast(self, type_name):
        return Column("CAST(%s AS %s)" % (self.sql, type_name))

    def isNull(self):
        return Column("(%s IS NULL)" % self.sql)

    def isNotNull(self):
        return Column("(%s IS NOT NULL)" % self.sql)

    def desc(self):
        return Column(self.sql + " DESC")

    def asc(self):
        return Column(self.sql + " ASC")

    def rendered(self):
        return self.sql if self.name is None else "%s AS `%s`" % (self.sql, self.name)

    def _op(self, op, other, reverse=False):
        right = other.sql if isinstance(other, Column) else _literal(other)
        return Column("(%s %s %s)" % ((right, op, self.sql) if reverse else (self.sql, op, right)))

    __invert__ = lambda self: Column("(NOT %s)" % self.sql)
    __hash__ = object.__hash__


# Column operators build SQL: col("a") > 1 is the text (`a` > 1).
_OPERATORS = {"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<=", "add": "+", "sub": "-", "mul": "*", "truediv": "/", "and": "AND", "or": "OR"}
for _name, _symbol in _OPERATORS.items():
    setattr(Column, "__%s__" % _name, lambda self, other, _symbol=_symbol: self._op(_symbol, other))
for _name in ("add", "sub", "mul", "truediv"):
    setattr(Column, "__r%s__" % _name, lambda self, other, _symbol=_OPERATORS[_name]: self._op(_symbol, other, True))


def _literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float, decimal.Decimal)):
        return str(value)
    return "'%s'" % str(value).replace("'", "''")


def _column(value):
    if isinstance(value, Column):
        return value
    return Column("*" if value == "*" else "`%s`" % value if re.match(r"^\w+$", value) else value)


def _aggregate(function):
    def make(column):
        inner = _column(column)
        return Column("%s(%s)" % (function, inner.sql), "%s(%s)" % (function, column if isinstance(column, str) else inner.sql))

    return make


def _functions_module():
    module = types.ModuleType("pyspark.sql.functions")
    module.col = module.column = lambda name: _column(name)
    module.lit = lambda value: Column(_literal(value))
    module.expr = lambda text: Column(text)
    for name in ("sum", "count", "avg", "max", "min", "mean", "first", "last", "countDistinct", "approx_count_distinct"):
        setattr(module, name, _aggregate({"mean": "avg", "countDistinct": "count_distinct"}.get(name, name)))
    module.current_date = lambda: Column("current_date()")
    module.current_timestamp = lambda: Column("current_timestamp()")
    module.to_date = lambda c, fmt=None: Column("to_date(%s%s)" % (_column(c).sql, ", " + _literal(fmt) if fmt else ""))
    module.upper = lambda c: Column("upper(%s)" % _column(c).sql)
    module.lower = lambda c: Column("lower(%s)" % _column(c).sql)
    module.round = lambda c, scale=0: Column("round(%s, %d)" % (_column(c).sql, scale))
    module.coalesce = lambda *cs: Column("coalesce(%s)" % ", ".join(_column(c).sql for c in cs))
    module.when = lambda condition, value: _When([(condition, value)])
    return module


class _When(Column):
    def __init__(self, branches, otherwise=None):
        self.branches = branches
        parts = " ".join("WHEN %s THEN %s" % (c.sql, v.sql if isinstance(v, Column) else _literal(v)) for c, v in branches)
        tail = " ELSE %s" % (otherwise.sql if isinstance(otherwise, Column) else _literal(otherwise)) if otherwise is not None else ""
        super().__init__("CASE %s%s END" % (parts, tail))

    def when(self, condition, value):
        return _When(self.branches + [(condition, value)])

    def otherwise(self, value):
        return _When(self.branches, value)


class DataFrame:
    """A query not run yet; actions run it on the local warehouse."""

    def __init__(self, session, sql, parameters=None, reads=(), result=None):
        self.session = session
        self.sql = sql
        self.parameters = parameters
        self.reads = set(reads)
        self._result = result

    def _derive(self, sql):
        return DataFrame(self.session, sql, self.parameters, self.reads)

    def _run(self):
        if self._result is None:
            self._result = run_sql(self.sql, self.parameters)
        return self._result

    @property
    def columns(self):
        return self._run()[0] if self._result is not None else run_sql("SELECT * FROM (%s) LIMIT 0" % self.sql, self.parameters)[0]

    def collect(self):
        return self._run()[1]

    def count(self):
        return run_sql("SELECT count(*) AS n FROM (%s)" % self.sql, self.parameters)[1][0][0]

    def first(self):
        rows = self.limit(1).collect()
        return rows[0] if rows else None

    def head(self, n=None):
        return self.first() if n is None else self.limit(n).collect()

    def take(self, n):
        return self.limit(n).collect()

    def isEmpty(self):
        return self.first() is None

    def show(self, n=20, truncate=True):
        names, rows = self._run() if self._result is not None else run_sql("SELECT * FROM (%s) LIMIT %d" % (self.sql, n), self.parameters)
        print(" | ".join(names))
        for row in rows[:n]:
            print(" | ".join("null" if v is None else str(v) for v in row))

    def toPandas(self):
        import pandas

        names, rows = self._run()
        return pandas.DataFrame([list(r) for r in rows], columns=names)

    def createOrReplaceTempView(self, name):
        run_sql("CREATE OR REPLACE TEMP VIEW `%s` AS %s" % (name, self.sql), self.parameters)

    createTempView = createOrReplaceTempView
    createOrReplaceGlobalTempView = createOrReplaceTempView

    def filter(self, condition):
        text = condition.sql if isinstance(condition, Column) else condition
        return self._derive("SELECT * FROM (%s) WHERE %s" % (self.sql, text))

    where = filter

    def select(self, *columns):
        flat = [c for group in columns for c in (group if isinstance(group, (list, tuple)) else [group])]
        return self._derive("SELECT %s FROM (%s)" % (", ".join(_column(c).rendered() for c in flat), self.sql))

    def selectExpr(self, *expressions):
        return self._derive("SELECT %s FROM (%s)" % (", ".join(expressions), self.sql))

    def withColumn(self, name, column):
        return self._derive("SELECT * REPLACE (%s AS `%s`) FROM (%s)" % (column.sql, name, self.sql) if name in self.columns else "SELECT *, %s AS `%s` FROM (%s)" % (column.sql, name, self.sql))

    def withColumnRenamed(self, old, new):
        return self._derive("SELECT * RENAME (`%s` AS `%s`) FROM (%s)" % (old, new, self.sql))

    def drop(self, *names):
        return self._derive("SELECT * EXCEPT (%s) FROM (%s)" % (", ".join("`%s`" % n for n in names), self.sql))

    def distinct(self):
        return self._derive("SELECT DISTINCT * FROM (%s)" % self.sql)

    def dropDuplicates(self, subset=None):
        return self.distinct() if not subset else self._derive(
            "SELECT * FROM (%s) QUALIFY row_number() OVER (PARTITION BY %s ORDER BY 1) = 1" % (self.sql, ", ".join("`%s`" % s for s in subset))
        )

    def orderBy(self, *columns):
        return self._derive("SELECT * FROM (%s) ORDER BY %s" % (self.sql, ", ".join(_column(c).sql for c in columns)))

    sort = orderBy

    def limit(self, n):
        return self._derive("SELECT * FROM (%s) LIMIT %d" % (self.sql, n))

    def groupBy(self, *columns):
        return GroupedData(self, [_column(c) for c in columns])

    groupby = groupBy

    def agg(self, *columns):
        return GroupedData(self, []).agg(*columns)

    def join(self, other, on=None, how="inner"):
        if isinstance(on, str):
            on = [on]
        condition = " USING (%s)" % ", ".join("`%s`" % c for c in on) if isinstance(on, list) else " ON %s" % on.sql if on is not None else " ON TRUE"
        joined = DataFrame(self.session, "SELECT * FROM (%s) AS l %s JOIN (%s) AS r%s" % (self.sql, how.upper(), other.sql, condition), self.parameters, self.reads | other.reads)
        return joined

    def union(self, other):
        return DataFrame(self.session, "(%s) UNION ALL (%s)" % (self.sql, other.sql), self.parameters, self.reads | other.reads)

    unionAll = union

    def unionByName(self, other):
        return DataFrame(self.session, "(%s) UNION ALL BY NAME (%s)" % (self.sql, other.sql), self.parameters, self.reads | other.reads)

    @property
    def write(self):
        return DataFrameWriter(self)

    @property
    def writeStream(self):
        return DataFrameWriter(self)


class GroupedData:
    def __init__(self, frame, keys):
        self.frame = frame
        self.keys = keys

    def agg(self, *columns):
        if len(columns) == 1 and isinstance(columns[0], dict):
            columns = [Column("%s(`%s`)" % (f, c), "%s(%s)" % (f, c)) for c, f in columns[0].items()]
        select = [k.rendered() for k in self.keys] + [c.rendered() for c in columns]
        group = " GROUP BY %s" % ", ".join(k.sql for k in self.keys) if self.keys else ""
        return self.frame._derive("SELECT %s FROM (%s)%s" % (", ".join(select), self.frame.sql, group))

    def count(self):
        return self.agg(Column("count(*)", "count"))

    def sum(self, *names):
        return self.agg(*[Column("sum(`%s`)" % n, "sum(%s)" % n) for n in names])


class DataFrameWriter:
    def __init__(self, frame):
        self.frame = frame
        self._mode = "errorifexists"

    def mode(self, mode):
        self._mode = mode.lower()
        return self

    def format(self, _name):
        return self

    def option(self, *_args):
        return self

    options = option

    def saveAsTable(self, name):
        name = self.frame.session.qualify(name)
        if self._mode == "overwrite":
            run_sql("CREATE OR REPLACE TABLE %s AS %s" % (name, self.frame.sql), self.frame.parameters)
        elif self._mode == "append":
            run_sql("CREATE TABLE IF NOT EXISTS %s AS SELECT * FROM (%s) LIMIT 0" % (name, self.frame.sql), self.frame.parameters)
            run_sql("INSERT INTO %s SELECT * FROM (%s)" % (name, self.frame.sql), self.frame.parameters)
        else:
            run_sql("CREATE TABLE%s %s AS %s" % (" IF NOT EXISTS" if self._mode == "ignore" else "", name, self.frame.sql), self.frame.parameters)

    toTable = saveAsTable

    def insertInto(self, name, overwrite=False):
        if overwrite:
            run_sql("DELETE FROM %s" % self.frame.session.qualify(name))
        run_sql("INSERT INTO %s SELECT * FROM (%s)" % (self.frame.session.qualify(name), self.frame.sql), self.frame.parameters)


class DataFrameReader:
    def __init__(self, session):
        self.session = session

    def table(self, name):
        return self.session.table(name)

    def format(self, name):
        raise LocalRuntimeError("spark.read.format(%r): the local Spark stand-in reads tables only (spark.read.table)" % name)


class LocalSparkSession:
    """The part of SparkSession that notebooks and pipelines use, over the local SQL warehouse."""

    def __init__(self, catalog=None, schema=None):
        self.catalog_name = catalog
        self.schema_name = schema
        self.read = DataFrameReader(self)
        self.readStream = DataFrameReader(self)
        self.conf = types.SimpleNamespace(get=lambda key, default=None: default, set=lambda key, value: None)
        self.version = "local stand-in (dataops local)"

    def qualify(self, name):
        parts = name.split(".")
        if len(parts) == 1 and self.catalog_name and self.schema_name:
            return "`%s`.`%s`.`%s`" % (self.catalog_name, self.schema_name, name.strip("`"))
        return name

    def sql(self, statement, args=None, **kwargs):
        parameters = dict(args or {}, **kwargs)
        if QUERY.match(statement):
            return DataFrame(self, statement, parameters)
        names, rows = run_sql(statement, parameters)
        return DataFrame(self, "SELECT 1 WHERE FALSE", None, (), (names, rows))

    def table(self, name):
        return DataFrame(self, "SELECT * FROM %s" % self.qualify(name), None, [name.split(".")[-1].strip("`")])

    def range(self, start, end=None, step=1):
        start, end = (0, start) if end is None else (start, end)
        return DataFrame(self, "SELECT range AS id FROM range(%d, %d, %d)" % (start, end, step))

    def createDataFrame(self, rows, schema=None):
        rows = [tuple(r.values()) if isinstance(r, dict) else tuple(r) for r in rows]
        names = schema if isinstance(schema, (list, tuple)) else ["_%d" % (i + 1) for i in range(len(rows[0]) if rows else 0)]
        values = ", ".join("(%s)" % ", ".join(_literal(v) for v in row) for row in rows)
        return DataFrame(self, "SELECT * FROM (VALUES %s) AS t(%s)" % (values, ", ".join("`%s`" % n for n in names)))

    def stop(self):
        pass


# ---- dbutils ------------------------------------------------------------------------------


class Widgets:
    def __init__(self, values):
        self.values = dict(values)

    def _define(self, name, default, *args, **kwargs):
        self.values.setdefault(name, default)

    text = dropdown = combobox = multiselect = _define

    def get(self, name):
        if name not in self.values:
            raise LocalRuntimeError("InputWidgetNotDefined: No input widget named %s is defined" % name)
        return self.values[name]

    getArgument = get

    def getAll(self):
        return dict(self.values)

    def remove(self, name):
        self.values.pop(name, None)

    def removeAll(self):
        self.values.clear()


class Secrets:
    def get(self, scope, key):
        import base64

        value = api("GET", "/api/2.0/secrets/get?scope=%s&key=%s" % (scope, key))
        return base64.b64decode(value["value"]).decode()

    def list(self, scope):
        return api("GET", "/api/2.0/secrets/list?scope=%s" % scope).get("secrets", [])

    def listScopes(self):
        return api("GET", "/api/2.0/secrets/scopes/list").get("scopes", [])


def make_dbutils(parameters):
    notebook = types.SimpleNamespace(exit=lambda value="": (_ for _ in ()).throw(NotebookExit(str(value))))
    return types.SimpleNamespace(widgets=Widgets(parameters), secrets=Secrets(), notebook=notebook, fs=None)


# ---- pipelines (Lakeflow Declarative Pipelines) ------------------------------------------------

DATASETS = []


def _dataset_decorator(kind):
    def decorator(function=None, name=None, comment=None, **_options):
        def register(fn):
            dataset = getattr(fn, "_dataops_dataset", None) or {"expectations": []}
            dataset.update({"name": name or fn.__name__, "kind": kind, "function": fn, "comment": comment})
            fn._dataops_dataset = dataset
            DATASETS.append(dataset)
            return fn

        return register(function) if callable(function) else register

    return decorator


def _expectation(action):
    def decorator(name, condition=None):
        pairs = list(name.items()) if isinstance(name, dict) else [(name, condition)]

        def add(fn):
            dataset = getattr(fn, "_dataops_dataset", None)
            if dataset is None:
                dataset = {"expectations": []}
                fn._dataops_dataset = dataset
            dataset["expectations"].extend({"name": n, "condition": c, "action": action} for n, c in pairs)
            return fn

        return add

    return decorator


def _pipelines_module(name):
    module = types.ModuleType(name)
    module.table = _dataset_decorator("table")
    module.materialized_view = _dataset_decorator("materialized_view")
    module.view = module.temporary_view = _dataset_decorator("view")
    module.expect = _expectation("ALLOW")
    module.expect_or_drop = _expectation("DROP")
    module.expect_or_fail = _expectation("FAIL")
    module.expect_all = lambda d: _expectation("ALLOW")(d)
    module.expect_all_or_drop = lambda d: _expectation("DROP")(d)
    module.expect_all_or_fail = lambda d: _expectation("FAIL")(d)
    module.read = lambda n: SPARK.table(n)
    module.read_stream = module.read
    return module


def _standin_modules():
    """`import pyspark…` resolves to the stand-ins when PySpark is not installed."""
    functions = _functions_module()
    sql = types.ModuleType("pyspark.sql")
    sql.functions = functions
    sql.SparkSession = types.SimpleNamespace(builder=types.SimpleNamespace(getOrCreate=lambda: SPARK, appName=lambda *_: None))
    sql.DataFrame = DataFrame
    sql.Row = Row
    sql.Column = Column
    errors = types.ModuleType("pyspark.errors")
    errors.AnalysisException = AnalysisException
    errors.ParseException = ParseException
    root = types.ModuleType("pyspark")
    root.sql = sql
    root.errors = errors
    root.pipelines = _pipelines_module("pyspark.pipelines")
    dlt = _pipelines_module("dlt")
    sys.modules.update({"pyspark": root, "pyspark.sql": sql, "pyspark.sql.functions": functions, "pyspark.errors": errors, "pyspark.pipelines": root.pipelines, "dlt": dlt})


def run_pipeline(datasets, catalog, schema):
    """Materialises the datasets in the order they read each other; returns what each did."""
    frames = {}
    for dataset in datasets:
        frames[dataset["name"]] = dataset["function"]()
    names = set(frames)
    done, order = set(), []

    def visit(name, path=()):
        if name in done:
            return
        if name in path:
            raise LocalRuntimeError("datasets read each other in a cycle: %s" % " -> ".join(path + (name,)))
        for dependency in frames[name].reads & names:
            visit(dependency, path + (name,))
        done.add(name)
        order.append(name)

    for name in frames:
        visit(name)
    by_name = {d["name"]: d for d in datasets}
    report = []
    for name in order:
        dataset, frame = by_name[name], frames[name]
        target = "`%s`.`%s`.`%s`" % (catalog, schema, name)
        expectations = dataset["expectations"]
        counts = ", ".join("count(*) FILTER (WHERE NOT coalesce((%s), FALSE)) AS `f%d`" % (e["condition"], i) for i, e in enumerate(expectations))
        total_row = run_sql("SELECT count(*) AS total%s FROM (%s)" % (", " + counts if counts else "", frame.sql))[1][0]
        total = total_row[0]
        results = []
        for i, expectation in enumerate(expectations):
            failed = total_row[i + 1]
            results.append({"name": expectation["name"], "dataset": name, "action": expectation["action"], "passed_records": total - failed, "failed_records": failed})
            if expectation["action"] == "FAIL" and failed > 0:
                raise LocalRuntimeError("Expectation %s of %s failed on %d records (expect_or_fail)" % (expectation["name"], name, failed))
        drop = [e["condition"] for e in expectations if e["action"] == "DROP"]
        query = "SELECT * FROM (%s)%s" % (frame.sql, " WHERE " + " AND ".join("coalesce((%s), FALSE)" % c for c in drop) if drop else "")
        kind = "VIEW" if dataset["kind"] == "view" else "TABLE"
        run_sql("CREATE OR REPLACE %s %s AS %s" % (kind, target, query))
        written = run_sql("SELECT count(*) FROM %s" % target)[1][0][0]
        report.append({"name": name, "kind": dataset["kind"], "rows": written, "expectations": results})
        print("dataops local: %s %s: %d rows" % (dataset["kind"], name, written))
    return report


# ---- one task -----------------------------------------------------------------------------

SPARK = None


def notebook_to_python(source):
    """A Databricks source notebook as Python: %sql cells become spark.sql calls, %md cells drop out.
    Line numbers stay those of the file, so a traceback points at the notebook's own line."""
    if not source.startswith("# Databricks notebook source"):
        return source
    cells = re.split(r"(^# COMMAND -+[ \t]*$)", source, flags=re.MULTILINE)
    out = []
    for cell in cells:
        lines = [line for line in cell.split("\n") if line.strip() and line != "# Databricks notebook source"]
        if not lines or not all(line.startswith("# MAGIC") for line in lines):
            out.append(cell)
            continue
        magic = [line[len("# MAGIC"):].strip() for line in lines]
        blank = "\n" * cell.count("\n")
        if magic[0].startswith("%sql"):
            statements = [s.strip() for s in "\n".join([magic[0][len("%sql"):]] + magic[1:]).split(";") if s.strip()]
            out.append("\n" + "; ".join("display(spark.sql(%r))" % s for s in statements) + blank[1:])
            continue
        if not magic[0].startswith("%md"):
            print("dataops local: a %s cell is not run locally" % magic[0].split()[0], file=sys.stderr)
        out.append(blank)
    return "".join(out)


def main():
    global SPARK
    kind, request_file = sys.argv[1], sys.argv[2]
    with open(request_file, encoding="utf-8") as file:
        request = json.load(file)
    result = {"ok": True}
    use_pyspark = os.environ.get("DATAOPS_LOCAL_SPARK", "auto") != "standin"
    try:
        if not use_pyspark:
            raise ImportError
        from pyspark.sql import SparkSession

        SPARK = SparkSession.builder.master("local[1]").appName("dataops-local").getOrCreate()
        result["spark"] = "pyspark " + SPARK.version
    except ImportError:
        SPARK = LocalSparkSession(request.get("catalog"), request.get("schema"))
        _standin_modules()
        result["spark"] = "stand-in"
    parameters = request.get("parameters", {})
    namespace = {"__name__": "__main__", "spark": SPARK, "dbutils": make_dbutils(parameters), "display": lambda frame, *_: frame.show() if hasattr(frame, "show") else print(frame)}
    try:
        for source in request["sources"]:
            with open(source["file"], encoding="utf-8") as file:
                text = file.read()
            code = compile(notebook_to_python(text) if kind == "notebook" else text, source["path"], "exec")
            if kind == "python":
                sys.argv = [source["path"]] + list(request.get("args", []))
            if kind == "pipeline":
                namespace = dict(namespace, __name__=os.path.splitext(os.path.basename(source["path"]))[0])
            exec(code, namespace)
        if kind == "pipeline":
            if not isinstance(SPARK, LocalSparkSession):
                raise LocalRuntimeError("pipelines run on the local stand-in only; set DATAOPS_LOCAL_SPARK=standin")
            result["datasets"] = run_pipeline(DATASETS, request["catalog"], request["schema"])
    except NotebookExit as exit_:
        result["notebook_result"] = exit_.value
    except SyntaxError as error:
        result.update(ok=False, error="SyntaxError: %s (%s, line %s)" % (error.msg, error.filename, error.lineno), error_trace=traceback.format_exc())
    except Exception as error:
        result.update(ok=False, error="%s: %s" % (type(error).__name__, error), error_trace=traceback.format_exc())
    if not result["ok"]:
        print(result["error_trace"], file=sys.stderr)
    with open(request["result_file"], "w", encoding="utf-8") as file:
        json.dump(result, file)
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
