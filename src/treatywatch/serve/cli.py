"""The treatywatch command line (Typer + Rich). Data on stdout; progress and errors on stderr."""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from treatywatch.errors import TreatywatchError, hide_passwords
from treatywatch.records import AgreementKind, EventKind
from treatywatch.settings import get_settings

app = typer.Typer(help="Turn news about interstate agreements into sourced, queryable records.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console()
err = Console(stderr=True)

# click's exception classes (its usage errors among them), from whichever click Typer uses: its own copy since
# Typer 0.29, click itself before.
CLICK_ERRORS = tuple(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")

DbOption = Annotated[Optional[str], typer.Option("--db", help="SQLAlchemy URL (default: $TREATYWATCH_DB or sqlite:///treatywatch.db)")]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


def _store(db: str | None, *, reading: bool = True):
    """The store at `db`; a command that reads agreements first merges what an interrupted ingest left.

    A database it cannot write to (read-only) is read as it was last merged, with a warning.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from treatywatch.store.repo import Store
    store = Store(db or get_settings().db)
    if reading and store.stale():
        err.print("merging articles stored by an ingest that did not finish...")
        try:
            store.refresh()
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
            err.print(f"warning: cannot merge them ({reason[0] if reason else type(exc).__name__}): "
                      "the agreements are as last merged", highlight=False, markup=False, soft_wrap=True)
    return store


WorkersOption = Annotated[Optional[int], typer.Option("--workers", min=1,
                                                      help="Processes that extract (default: one per core)")]


@app.command()
def ingest(paths: Annotated[list[str], typer.Argument(help="Files or folders (.txt .md .html .htm .jsonl); '-' reads stdin")],
           db: DbOption = None, workers: WorkersOption = None) -> None:
    """Read articles, extract agreements and store them.

    Example: treatywatch ingest examples/articles --workers 2
    """
    from treatywatch.extract.parallel import default_workers
    from treatywatch.jobs import ingest as run_ingest

    store = _store(db, reading=False)
    with _extracting_bar() as progress:
        report = run_ingest(store, paths, progress=progress, workers=workers or default_workers())
    store.close()
    _print_report(report)


@app.command()
def batch(shards: Annotated[list[str], typer.Argument(help="Shards: .jsonl, .jsonl.gz (one article a line), .warc, .warc.gz")],
          db: DbOption = None,
          scheduler: Annotated[Optional[str], typer.Option(help="A Dask scheduler (tcp://host:8786); default: a LocalCluster")] = None,
          workers: WorkersOption = None) -> None:
    """Extract shards on a Dask cluster, store the facts, merge once at the end.

    Example: treatywatch batch crawl/*.warc.gz news/*.jsonl --workers 2
    """
    from treatywatch.batch.engine import run_batch

    store = _store(db, reading=False)
    with _extracting_bar("shards") as progress:
        report = run_batch(store, shards, scheduler=scheduler, workers=workers, progress=progress)
    store.close()
    _print_report(report)


class _extracting_bar:
    """A Rich progress bar on stderr; entered, it is the `progress(done, total)` callback of an ingest."""

    def __init__(self, description: str = "extracting") -> None:
        self.description = description

    def __enter__(self):
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            console=err, transient=True)
        self.bar.__enter__()
        self.task = self.bar.add_task(self.description, total=None)
        return lambda done, total: self.bar.update(self.task, completed=done, total=total)

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)


def _print_report(report) -> None:
    """An ingest's (or a batch's) report on stderr; exit code 1 when an article or a file failed."""
    err.print(f"[bold]{report.read}[/] articles read, {report.duplicates} skipped as duplicates, "
              f"skipped as irrelevant: {report.irrelevant} (stored unread), {report.extracted} extracted; "
              f"agreements: {report.created} created, {report.updated} updated, {report.agreements} in all",
              soft_wrap=True)
    for partial in report.partial:
        err.print(f"[yellow]note[/] {partial.source}: {partial.reason}", highlight=False, soft_wrap=True)
    for failure in report.failures:
        err.print(f"[red]failed[/] {failure.source}: {failure.reason}", highlight=False, soft_wrap=True)
    if report.failures:
        raise typer.Exit(1)


@app.command()
def rebuild(db: DbOption = None) -> None:
    """Merge every stored article's facts into agreements again (ingest and reads do it when needed).

    Example: treatywatch rebuild
    """
    store = _store(db, reading=False)
    report = store.rebuild()
    store.close()
    err.print(f"agreements: {report.created} created, {report.updated} updated, {report.total} in all")


@app.command()
def agreements(party: Annotated[Optional[str], typer.Option(help="ISO3 code or organisation acronym")] = None,
               kind: Annotated[Optional[AgreementKind], typer.Option(help="Agreement kind")] = None,
               status: Annotated[Optional[EventKind], typer.Option(help="Furthest lifecycle step")] = None,
               since: Annotated[Optional[str], typer.Option(help="Only agreements with an event on or after YYYY-MM-DD")] = None,
               as_json: Annotated[bool, typer.Option("--json", help="One JSON record per line")] = False,
               db: DbOption = None) -> None:
    """List agreements.

    Example: treatywatch agreements --party KAZ --status signed --since 2024-01-01
    """
    from treatywatch.serve.api.parties import canonical_party

    store = _store(db)
    records, total = store.query(party=canonical_party(party) if party else None, kind=kind.value if kind else None,
                                 status=status.value if status else None, since=_date_option(since, "--since"))
    store.close()
    if as_json:
        for record in records:
            sys.stdout.write(json.dumps({k: v for k, v in record.items() if k != "evidence"}, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{total} agreement(s)")
    for column in ("id", "kind", "parties", "status", "signed", "title"):
        table.add_column(column, overflow="fold")
    for r in records:
        signed = next((e["date"] or "?" for e in r["events"] if e["kind"] == "signed"), "")
        table.add_row(r["id"], r["kind"], ", ".join(r["parties"] or []), r["status"] or "", signed, r["title"])
    out.print(table)


@app.command()
def show(agreement_id: Annotated[str, typer.Argument(help="An id from `treatywatch agreements`")],
         as_json: Annotated[bool, typer.Option("--json", help="The full export record")] = False,
         db: DbOption = None) -> None:
    """Show one agreement: its lifecycle, provisions and the quotes behind each fact.

    Example: treatywatch show kaz-uzb-treaty-allied-relations-2022
    """
    store = _store(db)
    record = store.agreement_records(agreement_id)
    store.close()
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    out.print(f"[bold]{record['title']}[/]", highlight=False)
    out.print(f"id {record['id']} · {record['kind']} · parties {', '.join(record['parties'] or ['?'])} · "
              f"status {record['status'] or 'mentioned'} · articles {', '.join(record['articles'])}", highlight=False)
    evidence = record["evidence"]
    support = record.get("provenance") or {}
    if support:
        out.print(f"parties: {_support_line(support.get('parties') or {})}", highlight=False)
    out.print("\n[bold]Lifecycle[/]")
    event_support = support.get("events") or []
    for index, (event, quotes) in enumerate(zip(record["events"], evidence["events"])):
        who = f" by {event['party']}" + (f" ({event['body']})" if event.get("body") else "") if event["party"] else ""
        where = f" in {event['place']}" if event["place"] else ""
        item = event_support[index] if index < len(event_support) else {}
        out.print(f"  {event['kind']}{who} {event['date'] or 'date unknown'}{where}  [dim]{_support_line(item)}[/]",
                  highlight=False)
        for part in ("date", "place"):
            if (item.get(part) or {}).get("dissent"):
                out.print(f"    [yellow]{part} disputed[/] [dim]{_support_line(item[part])}[/]", highlight=False)
        for quote in quotes[:3]:
            _print_quote(quote)
    out.print("\n[bold]Provisions[/]")
    if not record["provisions"]:
        out.print("  none reported")
    for key, value in record["provisions"].items():
        counts = _support_line((support.get("provisions") or {}).get(key, {}))
        out.print(f"  {key}: {'yes' if value else 'NO'}  [dim]{counts}[/]", highlight=False)
        for quote in evidence["provisions"].get(key, [])[:3]:
            _print_quote(quote)
    clauses = [c for c in record.get("quoted_clauses") or [] if c["quoted_by"] > 1]
    if clauses:
        out.print("\n[bold]Quoted clauses[/]")
        for clause in clauses:
            text = clause["clause"] if len(clause["clause"]) < 200 else clause["clause"][:197] + "..."
            out.print(f"  quoted by {clause['quoted_by']} outlets ({', '.join(clause['articles'])}): “{text}”",
                      highlight=False, markup=False)
    if record.get("conflicts"):
        out.print("\n[bold red]Flags[/]")
        for conflict in record["conflicts"]:
            out.print(f"  {_conflict_line(conflict)}", highlight=False, markup=False)
    for claim in support.get("claims") or []:
        articles = ", ".join(sorted({s["article_id"] for s in claim["supports"]}))
        out.print(f"  [dim]unverified claim ({claim['claim']}) in {articles}: no quoted text says so or otherwise[/]",
                  highlight=False)
    if record.get("identity"):
        out.print("\n[bold]Why these mentions are one agreement[/]")
        for join in record["identity"]:
            out.print(f"  {join['article']} “{join['title']}”: {join['reason']}", highlight=False, markup=False)


def _support_line(item: dict) -> str:
    """'2 independent stories (3 articles), quoted by 3 outlets, confidence 0.82'."""
    if not item or "support" not in item:
        return ""
    stories = item["support"]
    text = f"{stories} independent stor{'y' if stories == 1 else 'ies'}"
    if item.get("sources", stories) != stories:
        text += f" ({item['sources']} articles)"
    if item.get("quoted_by"):
        text += f", quoted by {item['quoted_by']} outlet{'s' if item['quoted_by'] != 1 else ''}"
    elif item.get("primary"):
        text += ", the agreement's own words"
    if item.get("dissent"):
        against = len({s["story"] for s in item["dissent"]})
        text += f", {against} disagree{'s' if against == 1 else ''}"
    return text + f", confidence {item['confidence']:.2f}"


def _conflict_line(conflict: dict) -> str:
    if conflict["kind"] == "unsupported_claim":
        quoted = ", ".join(conflict.get("quoted_text_supports") or []) or "nothing"
        articles = ", ".join(conflict.get("articles") or [conflict["article_id"]])
        claimed = len(conflict["values"][0]["supports"]) if conflict.get("values") else 1
        more = f" (and {claimed - 1} more sentence{'s' if claimed > 2 else ''})" if claimed > 1 else ""
        return (f"unsupported claim ({conflict['claim']}) in {articles}: “{conflict['quote']}”{more} — "
                f"the quoted text gives only: {quoted}")
    sides = " vs ".join(f"{v['value']} ({', '.join(sorted({s['article_id'] for s in v['supports']}))})"
                        for v in conflict["values"])
    return f"{conflict['kind']}: {conflict['field']}: {sides}"


@app.command()
def conflicts(party: Annotated[Optional[str], typer.Option(help="Only agreements with this party")] = None,
              as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line")] = False,
              db: DbOption = None) -> None:
    """List open disagreements between sources, with the quotes on each side.

    Example: treatywatch conflicts --party KAZ
    """
    store = _store(db)
    from treatywatch.serve.api.parties import canonical_party

    items = store.conflicts(party=canonical_party(party) if party else None)
    store.close()
    if as_json:
        for item in items:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        return
    if not items:
        err.print("no open disagreements")
    for item in items:
        out.print(f"[bold]{escape(item['agreement'])}[/] {escape(_conflict_line(item))}", highlight=False, soft_wrap=True)


@app.command()
def stories(as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line")] = False,
            db: DbOption = None) -> None:
    """List story clusters: articles that copy or lightly rewrite one another count as one source.

    Example: treatywatch stories
    """
    store = _store(db)
    groups = store.story_groups()
    store.close()
    if as_json:
        for group in groups:
            sys.stdout.write(json.dumps(group, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(groups)} stor{'y' if len(groups) == 1 else 'ies'}")
    table.add_column("story")
    table.add_column("articles")
    table.add_column("outlets")
    for group in groups:
        table.add_row(group["story"], ", ".join(a["id"] for a in group["articles"]),
                      ", ".join(sorted({a["outlet"] or "?" for a in group["articles"]})))
    out.print(table)


def _print_quote(quote: dict) -> None:
    text = quote["quote"] if len(quote["quote"]) < 300 else quote["quote"][:297] + "..."
    marker = "quoted" if quote.get("primary") else "reported"
    out.print(f"    [dim]{quote['article_id']} [{quote['start']}:{quote['end']}] {marker}:[/] “{text}”", highlight=False)


@app.command()
def export(format: Annotated[ExportFormat, typer.Option("--format", help="jsonl (FORMAT.md + evidence) or csv")] = ExportFormat.jsonl,
           out_file: Annotated[Optional[Path], typer.Option("--out", help="File to write (default: stdout)")] = None,
           db: DbOption = None) -> None:
    """Export every agreement.

    Example: treatywatch export --format jsonl --out agreements.jsonl
    """
    from treatywatch.serve.export import write_csv, write_jsonl

    store = _store(db)
    records, _ = store.query()
    store.close()
    writer = write_jsonl if format == ExportFormat.jsonl else write_csv
    if out_file is None:
        writer(records, sys.stdout)
        return
    try:
        with out_file.open("w", encoding="utf-8", newline="") as handle:
            writer(records, handle)
    except OSError as exc:
        raise TreatywatchError(f"{out_file}: cannot write ({exc.strerror or exc})") from None
    err.print(f"{len(records)} agreement(s) written to {out_file}")


@app.command()
def evaluate(corpus: Annotated[Path, typer.Argument(help="A corpus folder (articles/, articles.jsonl, agreements.jsonl)")],
             as_json: Annotated[bool, typer.Option("--json", help="Metrics as JSON")] = False,
             verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every miss")] = False) -> None:
    """Score extraction against a gold corpus.

    Example: treatywatch evaluate ../shared/corpus/dev
    """
    from treatywatch.evaluate import evaluate_corpus

    if not corpus.is_dir():
        raise TreatywatchError(f"{corpus}: no such folder")
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True) as bar:
        task = bar.add_task("evaluating", total=None)
        report = evaluate_corpus(corpus, progress=lambda d, t: bar.update(task, completed=d, total=t))
    if as_json:
        data = report.as_dict()
        if not verbose:
            data = {k: v for k, v in data.items() if k not in ("misses", "matches")}
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
        return
    if verbose:
        for miss in report.misses:
            out.print(f"  {miss}", highlight=False, markup=False, soft_wrap=True)
    table = Table(title=f"treatywatch evaluate {corpus}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("detail")
    scores = {"agreements_f1": report.agreements, "events_f1": report.events,
              "provisions_f1": report.provisions, "attribution_f1": report.attribution}
    for name, value in report.metrics().items():
        s = scores.get(name)
        detail = f"P {s.precision:.2f} R {s.recall:.2f} (tp {s.tp}, fp {s.fp}, fn {s.fn})" if s else ""
        table.add_row(name, f"{value:.3f}", detail)
    out.print(table)


@app.command()
def serve(host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port (1-65535)")] = 8000,
          token: Annotated[Optional[str], typer.Option(help="Enables POST /api/articles for holders of this token (default: $TREATYWATCH_TOKEN)")] = None,
          max_body_mib: Annotated[Optional[float], typer.Option(min=0.001, help="Largest POST /api/articles body in MiB; larger is 413 (default: $TREATYWATCH_MAX_BODY_MIB or 50)")] = None,
          db: DbOption = None) -> None:
    """Start the web pages and the REST API (OpenAPI at /docs).

    Example: treatywatch serve --port 8000
    """
    import socket

    import uvicorn

    from treatywatch.serve.api.app import create_app

    store = _store(db)
    settings = get_settings()
    limit_mib = settings.max_body_mib if max_body_mib is None else max_body_mib
    app_ = create_app(store, token=token or settings.token, max_body=int(limit_mib * 1024 * 1024))
    # Bound here rather than by uvicorn, so that a port in use or not ours to take is one line of error, not
    # uvicorn's log line and its exit code 3.
    listener = None
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        listener = socket.socket(family, kind, proto)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(address)
    except OSError as exc:
        if listener is not None:
            listener.close()
        store.close()
        raise TreatywatchError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    err.print(f"treatywatch: open http://{host}:{port}/ (API docs at /docs); Ctrl+C stops", highlight=False)
    uvicorn.Server(uvicorn.Config(app_, log_level="warning")).run(sockets=[listener])


def _date_option(value: str | None, name: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise TreatywatchError(f"{name}: expected a date as YYYY-MM-DD, got {value!r}") from None


def main() -> None:
    """Entry point: one line on stderr and exit 1 for every expected error; --debug shows tracebacks.

    Misuse (an unknown option, a missing argument, a value not among the choices) prints click's usage text
    and the error and exits 2, as click's standalone mode does.
    """
    debug = "--debug" in sys.argv
    if debug:
        sys.argv.remove("--debug")
    try:
        code = app(standalone_mode=False, prog_name="treatywatch")  # also under `python -m treatywatch.serve.cli`
        sys.exit(code if isinstance(code, int) else 0)
    except CLICK_ERRORS as exc:  # raised, not shown, outside standalone mode
        exc.show()
        sys.exit(exc.exit_code)
    except TreatywatchError as exc:
        if debug:
            raise
        err.print(f"error: {hide_passwords(str(exc))}", highlight=False, markup=False, soft_wrap=True)
        sys.exit(1)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(1)
    except Exception as exc:
        if debug:
            raise
        # A database error's first line is the driver's reason; the lines after it repeat the statement with
        # its parameters (an article's text among them).
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        err.print(f"error: {type(exc).__name__}: {hide_passwords(reason[0] if reason else '')} "
                  "(run with --debug for details)", highlight=False, markup=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
