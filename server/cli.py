"""The ``actorgraph`` command line: thin shells over ``graph``.

Every domain error becomes one line on stderr and exit status 1, here and
nowhere else.
"""

from __future__ import annotations

import json
import os
import sys
from functools import wraps
from pathlib import Path

import click

from graph.errors import ActorGraphError

DB_HELP = (
    "The store: a SQLite file or a postgresql://user@host:port/db URL "
    "(default: $ACTORGRAPH_DB, else actorgraph.db in the working directory)."
)


def fail_cleanly(command):
    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ActorGraphError as error:
            raise click.ClickException(str(error)) from None
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)

    return wrapper


def db_option(command):
    return click.option("--db", "db", type=str, default=None, help=DB_HELP)(command)


def resolve_db(db: str | None) -> str | Path:
    """A postgresql:// URL as given, else a file path."""
    from graph import config
    from graph.store import is_url

    location = db or config.get("ACTORGRAPH_DB")
    return location if is_url(location) else Path(location)


def _extractor():
    from graph.extract import default_extractor

    return default_extractor()


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """The package's version and the extractor's (stored with each document; graph/version.py)."""
    if not value or ctx.resilient_parsing:
        return
    from importlib.metadata import version

    from graph.version import EXTRACTOR_VERSION  # hashes graph/data and graph/models: only when asked

    click.echo(f"actorgraph, version {version('actorgraph')} (extractor {EXTRACTOR_VERSION})")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and the extractor's version (stored with each document), and exit.")  # fmt: skip
def main() -> None:
    """Who does what to whom in Arabic news.

    \b
    Example:
      actorgraph ingest corpus/ && actorgraph serve
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction as JSON.")
@fail_cleanly
def extract(file: str, as_json: bool) -> None:
    """Extract actors and stated relations from one article.

    \b
    Example:
      actorgraph extract corpus/000_99cee76e69b7d09a.txt --json
    """
    from graph.documents import Failure, read_path

    items = list(read_path(Path(file)))
    failure = next((i for i in items if isinstance(i, Failure)), None)
    if failure:
        raise click.ClickException(f"{failure.source}: {failure.reason}")
    extractor = _extractor()
    extractions = [extractor.extract(document) for document in items]
    if as_json:
        payloads = [
            {"actors": e.to_json()["actors"], "relations": e.to_json()["relations"]} for e in extractions
        ]
        click.echo(json.dumps(payloads[0] if len(payloads) == 1 else payloads, ensure_ascii=False, indent=2))
        return
    for extraction in extractions:
        names = {a.id: f"{a.name_ar} ({a.name_en})" for a in extraction.actors}
        click.echo(f"{extraction.document.title}  [{extraction.document.id}]")
        click.echo(f"actors ({len(extraction.actors)}):")
        for actor in extraction.actors:
            click.echo(f"  {actor.type:<4} {names[actor.id]}  x{len(actor.mentions)}  [{actor.id}]")
        click.echo(f"relations ({len(extraction.relations)}):")
        for relation in extraction.relations:
            date = f"  {relation.date}" if relation.date else ""
            click.echo(f"  {names[relation.subject]} -{relation.type}-> {names[relation.object]}{date}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False))
@fail_cleanly
def ner(file: str) -> None:
    """Tag a CoNLL file (one token per line, blank line between sentences).

    Prints token<TAB>tag with BIO tags PER ORG LOC MISC; extra input columns
    are ignored.

    \b
    Example:
      actorgraph ner ../shared/data/arabic-ner/dev.conll > tagged.conll
    """
    from graph.conll import read_conll
    from graph.nlp import default_tagger

    sentences = read_conll(file)
    tags = default_tagger().tag_tokens([list(s.tokens) for s in sentences])
    lines = []
    for sentence, sentence_tags in zip(sentences, tags):
        lines.extend(f"{token}\t{tag}" for token, tag in zip(sentence.tokens, sentence_tags))
        lines.append("")
    click.echo("\n".join(lines), nl=False)


@main.command("ner-score")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@fail_cleanly
def ner_score(file: str, as_json: bool) -> None:
    """Span precision/recall/F1 per type (conlleval semantics) on a gold CoNLL file.

    \b
    Example:
      actorgraph ner-score ../shared/data/arabic-ner/dev.conll
    """
    from graph.conll import SpanScores, read_conll
    from graph.errors import InputError
    from graph.nlp import default_tagger

    sentences = read_conll(file)
    if any(s.tags is None for s in sentences):
        raise InputError(f"{file}: no tag column; expected token<TAB>tag lines")
    predicted = default_tagger().tag_tokens([list(s.tokens) for s in sentences])
    scores = SpanScores()
    for sentence, tags in zip(sentences, predicted):
        scores.add(sentence.tags, tags)
    table = scores.table()
    if as_json:
        click.echo(json.dumps(table, indent=2))
        return
    click.echo(f"{'type':<6} {'precision':>9} {'recall':>7} {'F1':>6} {'support':>8}")
    for kind, row in table.items():
        click.echo(
            f"{kind:<6} {row['precision']:9.4f} {row['recall']:7.4f} {row['f1']:6.4f} {row['support']:8d}"
        )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--rebuild", is_flag=True, help="Re-extract documents stored by an older extractor version.")
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Parallel workers (default: one per core; with Ray, per cluster CPU).",
)
@click.option(
    "--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True,
    help="local: processes on this machine; ray: Ray actors on a cluster (see README, Running a cluster).",
)  # fmt: skip
@click.option(
    "--address", default=None, help="Ray cluster to join (auto, ray://head:10001); default: a local one."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@fail_cleanly
def ingest(
    paths: tuple[str, ...], db: str | None, rebuild: bool, workers: int | None, engine: str, address: str | None,
    as_json: bool,
) -> None:  # fmt: skip
    """Ingest .txt, .html and .jsonl articles (files, folders, globs) into the store.

    Unchanged documents are skipped; failed ones (a JSONL line is one document)
    are reported with the reason and skipped; the rest go in, one transaction
    each.  Exit status 1 when any input failed, after ingesting the rest.
    Progress: a bar on a terminal, log lines on stderr otherwise.

    \b
    Example:
      actorgraph ingest corpus/ 'news/**/*.jsonl' --db news.db
      actorgraph ingest news/ --engine ray --address auto --db postgresql://actorgraph@db:5432/news
    """
    if address and engine != "ray":
        raise click.UsageError("--address is for --engine ray")
    from graph.ingest import ingest_paths
    from graph.store import Store

    with Store(resolve_db(db)) as store:
        summary = ingest_paths(
            list(paths), store, _extractor, rebuild=rebuild, workers=workers, engine=engine, address=address
        )
        totals = store.counts()
    if as_json:
        click.echo(json.dumps({**summary.to_json(), "store": totals}, ensure_ascii=False, indent=2))
    else:
        for failure in summary.failed:
            click.echo(f"failed: {failure.source}: {failure.reason}", err=True)
        click.echo(
            f"documents: {summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
            f"{len(summary.failed)} failed; extracted {summary.actors} actors (counted per document) and "
            f"{summary.relations} relations in {summary.seconds:.1f} s; store now holds "
            f"{totals['documents']} documents, {totals['actors']} actors, {totals['relations']} relations"
        )
    if summary.failed:
        sys.exit(1)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "json", "csv"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True, help="File to write.")
@click.option(
    "--with-isolates", is_flag=True, help="Keep actors without any stated relation (left out by default)."
)
@fail_cleanly
def export(db: str | None, fmt: str, output: str, with_isolates: bool) -> None:
    """Export the graph (one edge per subject, relation type, object).

    Each edge carries its first evidence sentence and that article's title;
    symmetric types (CONSULT, AGREE, COOPERATE) are undirected edges in GraphML
    and GEXF.  csv writes OUTPUT.nodes.csv and OUTPUT.edges.csv.

    \b
    Example:
      actorgraph export --format graphml -o actors.graphml
    """
    from graph.export import export as write
    from graph.query import ActorGraph
    from graph.registry import default_registry
    from graph.store import Store

    with Store(resolve_db(db), readonly=True) as store:
        actor_graph = ActorGraph.from_store(store, default_registry(), analytics=True)
    graph = actor_graph.export_graph(with_isolates=with_isolates)
    written = write(graph, fmt, output)
    left_out = actor_graph.graph.number_of_nodes() - graph.number_of_nodes()
    if left_out:
        click.echo(
            f"{left_out} actors without a stated relation left out (--with-isolates keeps them)", err=True
        )
    click.echo(
        f"wrote {', '.join(map(str, written))}: {graph.number_of_nodes()} actors, {graph.number_of_edges()} edges"
    )


@main.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print what was stored as JSON.")
@fail_cleanly
def analytics(db: str | None, as_json: bool) -> None:
    """Compute PageRank and Louvain communities over the whole graph and store them.

    The server reads them from the store instead of computing them at
    start-up; run this after large ingests.  It also recounts the aggregated
    edges, actor counts and search keys from the stored relations.

    \b
    Example:
      actorgraph analytics --db postgresql://actorgraph@db:5432/news
    """
    from graph.analytics import compute_and_store
    from graph.store import Store

    with Store(resolve_db(db)) as store:
        result = compute_and_store(store)
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        click.echo(
            f"stored PageRank and communities of {result['actors']} actors ({result['communities']} communities, "
            f"{result['edges']} edges) in {result['seconds']:.1f} s"
        )


@main.command()
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback by default)."
)
@click.option("--port", default=8000, show_default=True, type=int)
@fail_cleanly
def serve(db: str | None, host: str, port: int) -> None:
    """Serve the explorer and the HTTP API.

    On loopback (the default) anyone on this machine may write: upload, merge,
    split, give verdicts, delete.  On any other interface writes need the token
    of ACTORGRAPH_WRITE_TOKEN (header Authorization: Bearer TOKEN); without one
    the server starts read-only, and says so.

    \b
    Example:
      actorgraph serve --port 8000   # then open http://127.0.0.1:8000
      ACTORGRAPH_WRITE_TOKEN=... actorgraph serve --host 0.0.0.0
    """
    import uvicorn

    from graph import config
    from graph.store.postgres import _redacted
    from server.app import create_app

    location = resolve_db(db)
    token = config.get("ACTORGRAPH_WRITE_TOKEN")
    app = create_app(location, host=host, write_token=token)
    click.echo(f"actorgraph: serving {_redacted(str(location))} on http://{host}:{port}", err=True)
    click.echo(f"actorgraph: {app.state.access.describe()}", err=True)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("ACTORGRAPH_LOG_LEVEL", "warning"))


@main.command()
@click.argument("gold_dir", type=click.Path(file_okay=False))
@click.argument("docs_dir", type=click.Path(file_okay=False))
@click.option(
    "--json", "as_json", is_flag=True, help="Print the full report (with per-document errors) as JSON."
)
@click.option(
    "--against",
    "other_dir",
    type=click.Path(file_okay=False),
    help="Score this folder of gold files (another annotator's) instead of the extractor: annotator agreement.",
)
@fail_cleanly
def evaluate(gold_dir: str, docs_dir: str, as_json: bool, other_dir: str | None) -> None:
    """Score actors and relations against hand-written gold files.

    Gold formats: corpus/gold/README.md, and ../shared/data/relations-dev/GUIDELINES.md
    (article dates read from a docs.jsonl beside DOCS_DIR). With --against, a second
    annotation of the same articles is scored instead of the extractor (only the
    articles both annotated).

    \b
    Example:
      actorgraph evaluate ../shared/data/relations-dev/gold ../shared/data/relations-dev/docs
      actorgraph evaluate corpus/gold corpus --against corpus/gold-blind
    """
    from graph.errors import InputError
    from graph.evaluate import evaluate as score
    from graph.evaluate import gold_articles, gold_as_extraction, load_gold_dir, nodes_per_actor

    golds = load_gold_dir(Path(gold_dir))
    if other_dir:
        others = {Path(g.document).stem: g for g in load_gold_dir(Path(other_dir))}
        golds = [g for g in golds if Path(g.document).stem in others]
        if not golds:
            raise InputError(f"{other_dir}: no gold file for any article of {gold_dir}")
        articles = gold_articles(golds, Path(docs_dir))
        pairs = [(gold_as_extraction(others[Path(g.document).stem], a), g) for a, g in zip(articles, golds)]
    else:
        extractor = _extractor()
        pairs = [
            (extractor.extract(article), gold)
            for article, gold in zip(gold_articles(golds, Path(docs_dir)), golds)
        ]
    report = score(pairs)
    if as_json:
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    for title, rows in (("actors", report.actors.rows()), ("relations", report.relations.rows())):
        click.echo(f"{title}:")
        click.echo(f"  {'type':<10} {'precision':>9} {'recall':>7} {'F1':>6} {'gold':>5}")
        for kind, row in rows.items():
            click.echo(
                f"  {kind:<10} {row['precision']:9.3f} {row['recall']:7.3f} {row['f1']:6.3f} {row['support']:5d}"
            )
    splits = sum(len(d.split_actors) for d in report.documents)
    click.echo(f"split actors (one gold actor, several nodes in one article): {splits}")
    nodes = nodes_per_actor(report.documents)
    click.echo(
        f"graph nodes per real actor: {nodes['ratio']:.3f} ({nodes['nodes']} nodes, {nodes['actors']} actors)"
    )


if __name__ == "__main__":
    main()
