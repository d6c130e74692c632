"""``hamdsl server`` end to end: a real LSP client (pytest-lsp) talks to the real server over stdio,
started as ``python -m hamdsl server``."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from hamdsl.language.formatter import format_text
from tests.conftest import make_distribution, site_env

SERVER = [sys.executable, "-m", "hamdsl", "server"]
BAD = "session Monday:\nA1: lying leg curl 3 8 rest 90s\nA2: RDL 3x8 rest 2min\n"
GOOD = "session Monday:\nA1: lying leg curl 3x8 rest 90s\nA2: RDL 3x8 rest 2min\n"
MESSY = "session Monday:   \nA1:   lying leg curl   3x8   rest 90s  \nA2: RDL 3x8 rest 2min\t\n"
#: What a client without pull diagnostics declares (Neovim 0.7's capabilities have no
#: textDocument.diagnostic).
PUSH_ONLY = "neovim@v0.7.0"
PULLS = "neovim@v0.11.0"
WAIT = 10.0


def uri_in(folder: Path, name: str = "plan.ham") -> str:
    return (folder / name).resolve().as_uri()


@asynccontextmanager
async def started(
    capabilities: str | lsp.ClientCapabilities = PUSH_ONLY,
    env: dict[str, str] | None = None,
    on_register: Callable[[lsp.RegistrationParams], None] | None = None,
) -> AsyncIterator[LanguageClient]:
    """A client connected to a fresh server, initialized with these capabilities; ``on_register``
    answers the server's ``client/registerCapability`` requests."""
    config = ClientServerConfig(server_command=SERVER, server_env={**os.environ, **(env or {})})
    client: Any = await config.start()
    if on_register is not None:
        answer = on_register

        @client.feature(lsp.CLIENT_REGISTER_CAPABILITY)
        def register(params: lsp.RegistrationParams) -> None:
            answer(params)

    caps = client_capabilities(capabilities) if isinstance(capabilities, str) else capabilities
    await client.initialize_session(lsp.InitializeParams(capabilities=caps))
    try:
        yield client
    finally:
        await client.shutdown_session()
        await client.stop()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient) -> AsyncIterator[None]:
    await lsp_client.initialize_session(lsp.InitializeParams(capabilities=client_capabilities(PUSH_ONLY)))
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, uri: str, text: str, language: str = "ham") -> None:
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(
            text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
        )
    )


def change_doc(client: LanguageClient, uri: str, version: int, text: str) -> None:
    client.text_document_did_change(
        lsp.DidChangeTextDocumentParams(
            text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def pushed(
    client: LanguageClient, uri: str, count: int | None = None, errors: int | None = None
) -> list[lsp.Diagnostic]:
    """The diagnostics pushed for ``uri``, once ``count`` of them (any if ``None``), of which
    ``errors`` errors (any if ``None``), have arrived."""

    async def arrived() -> list[lsp.Diagnostic]:
        while True:
            found = client.diagnostics.get(uri)
            if (
                found is not None
                and (count is None or len(found) == count)
                and (
                    errors is None or sum(d.severity == lsp.DiagnosticSeverity.Error for d in found) == errors
                )
            ):
                return list(found)
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(arrived(), WAIT)


def apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply TextEdits to ``text`` (plain ASCII lines here, so UTF-16 columns are indices)."""
    lines = text.split("\n")

    def offset(position: lsp.Position) -> int:
        return sum(len(line) + 1 for line in lines[: position.line]) + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@pytest.mark.asyncio
async def test_a_syntax_error_is_reported_at_its_range_and_cleared_by_the_edit_that_fixes_it(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, BAD)
    [found] = await pushed(client, uri, 1)
    assert found.range == lsp.Range(
        start=lsp.Position(line=1, character=19), end=lsp.Position(line=1, character=22)
    )
    assert found.severity == lsp.DiagnosticSeverity.Error
    assert found.code == "E001" and found.source == "hamdsl"
    assert "'x'" in found.message
    change_doc(client, uri, 2, GOOD)
    assert await pushed(client, uri, errors=0) is not None


async def completion_items(
    client: LanguageClient, uri: str, line: int, character: int
) -> dict[str, lsp.CompletionItem]:
    """The items completion offers at a place of the buffer, by label, in the server's order."""
    result = await client.text_document_completion_async(
        lsp.CompletionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=line, character=character),
        )
    )
    items = result.items if isinstance(result, lsp.CompletionList) else (result or [])
    return {item.label: item for item in items}


@pytest.mark.asyncio
async def test_completion_after_a_label_offers_the_catalog_names(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, GOOD + "A3: roma")
    by_label = await completion_items(client, uri, 3, 8)
    assert by_label["romanian deadlift"].insert_text == "romanian deadlift"
    assert "hip extension" in (by_label["romanian deadlift"].detail or "")


@pytest.mark.asyncio
async def test_hover_on_an_abbreviation_shows_its_catalog_entry(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, GOOD)
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=2, character=5)
        )
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    assert "hip extension" in hover.contents.value.lower()


async def format_doc(client: LanguageClient, uri: str) -> list[lsp.TextEdit]:
    edits = await client.text_document_formatting_async(
        lsp.DocumentFormattingParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            options=lsp.FormattingOptions(tab_size=2, insert_spaces=True),
        )
    )
    return list(edits or [])


@pytest.mark.asyncio
async def test_formatting_gives_what_hamdsl_fmt_writes_and_leaves_a_broken_file_alone(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, MESSY)
    edits = await format_doc(client, uri)
    messy_file = tmp_path / "messy.ham"
    messy_file.write_text(MESSY)
    subprocess.run([sys.executable, "-m", "hamdsl", "fmt", str(messy_file)], check=True, capture_output=True)
    assert apply(MESSY, edits) == messy_file.read_text() == format_text(MESSY).text

    broken = uri_in(tmp_path, "broken.ham")
    open_doc(client, broken, BAD)
    assert await format_doc(client, broken) == []
    assert not client.messages  # no error popup


async def actions_on(client: LanguageClient, uri: str, line: int) -> list[lsp.CodeAction]:
    found = await client.text_document_code_action_async(
        lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            range=lsp.Range(
                start=lsp.Position(line=line, character=0), end=lsp.Position(line=line, character=0)
            ),
            context=lsp.CodeActionContext(diagnostics=[]),
        )
    )
    return [a for a in found or [] if isinstance(a, lsp.CodeAction)]


@pytest.mark.asyncio
async def test_the_quick_fix_for_an_unknown_exercise_writes_the_suggestion(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = uri_in(tmp_path)
    text = "session Monday:\nA1: lying leg curll 3x8 rest 90s\nA2: romanian deadlift 3x8 rest 2min\n"
    open_doc(client, uri, text)
    await pushed(client, uri)
    actions = await actions_on(client, uri, 1)
    fixes = [a for a in actions if a.title.startswith("Replace with")]
    assert fixes and all(a.kind == lsp.CodeActionKind.QuickFix for a in fixes)
    assert fixes[0].edit is not None and fixes[0].edit.changes is not None
    fixed = apply(text, list(fixes[0].edit.changes[uri]))
    assert fixed.splitlines()[1] == "A1: lying leg curl 3x8 rest 90s"
    assert any(a.title == "Add `# noqa: HAM001`" for a in actions)


@pytest.mark.asyncio
async def test_the_quick_fix_for_a_missing_x_writes_3x8(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, BAD)
    await pushed(client, uri, 1)
    [fix] = [a for a in await actions_on(client, uri, 1) if a.kind == lsp.CodeActionKind.QuickFix]
    assert fix.is_preferred and fix.edit is not None and fix.edit.changes is not None
    assert apply(BAD, list(fix.edit.changes[uri])) == GOOD


@pytest.mark.asyncio
async def test_document_symbols_name_the_sessions(client: LanguageClient, tmp_path: Path) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, "warmup:\nleg swings\n\n" + GOOD)
    found = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    symbols = [s for s in found or [] if isinstance(s, lsp.DocumentSymbol)]
    assert [s.name for s in symbols] == ["warm-up", "Monday"]
    assert [c.name for c in symbols[1].children or []] == ["A1: lying leg curl", "A2: RDL"]
    folds = await client.text_document_folding_range_async(
        lsp.FoldingRangeParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    assert [(f.start_line, f.end_line) for f in folds or []] == [(0, 1), (3, 5)]


BLOCK = """program: block
units: kg
1rm: romanian deadlift 140kg
1rm: back squat 150kg
tm: 90%
round: 2.5kg
session Warm:
nordic curl 2x5 bw
weeks 1-2, introduction:
session Monday:
romanian deadlift 3x8 70% then 2x8 -10%
back squat 1x5+ 85% tm
seated leg curl 3x10 rpe 8
weeks 3-4:
session Monday:
nordic curl 2x6 bw
week 5 (deload):
"""


async def completion_labels(client: LanguageClient, tmp_path: Path, line: str) -> list[str]:
    """The labels completion offers at the end of ``line``, the last line of a small routine."""
    uri = uri_in(tmp_path)
    open_doc(client, uri, GOOD + line)
    return list(await completion_items(client, uri, 3, len(line)))


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", {"week", "weeks", "progress:", "units:", "start:", "weeks:", "1rm:", "tm:", "round:"}),
        ("", {"deload:", "ratio:", "exercise:", "session", "note:"}),
        ("we", {"week", "weeks", "weeks:"}),
        ("progress: ", {"+1 set each week", "+1 rep each week", "+2.5kg each week", "-1 rir each week"}),
        ("progress: ", {"double 10-15 +2.5kg", "none"}),
        ("A3: RDL 3x8 ", {"rpe", "bw", "then"}),
        ("A3: RDL 3x8 70", {"70kg", "70lb", "70%", "70% tm"}),
    ],
)
async def test_completion_offers_the_block_keywords_progressions_and_loads_where_they_fit(
    client: LanguageClient, tmp_path: Path, line: str, expected: set[str]
) -> None:
    assert expected <= set(await completion_labels(client, tmp_path, line))


@pytest.mark.asyncio
async def test_completion_of_a_word_the_grammar_does_not_accept_yet_offers_what_it_starts(
    client: LanguageClient, tmp_path: Path
) -> None:
    assert await completion_labels(client, tmp_path, "A3: RDL 3x8 th") == ["then"]
    assert await completion_labels(client, tmp_path, "progress: d") == ["double 10-15 +2.5kg"]
    assert await completion_labels(client, tmp_path, "progress: +1 r") == ["+1 rep each week"]
    # not where the grammar refuses them: no load right after "rest", no "week" after a label
    assert "90kg" not in await completion_labels(client, tmp_path, "A3: RDL 3x8 rest 90")
    assert "week" not in await completion_labels(client, tmp_path, "A3: we")


@pytest.mark.asyncio
async def test_document_symbols_nest_sessions_under_their_week_headers(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, BLOCK)
    found = await client.text_document_document_symbol_async(
        lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    symbols = [s for s in found or [] if isinstance(s, lsp.DocumentSymbol)]
    assert [s.name for s in symbols] == ["Warm", "weeks 1-2, introduction", "weeks 3-4", "week 5 (deload)"]
    [monday] = symbols[1].children or []
    assert monday.name == "Monday"
    assert [c.name for c in monday.children or []] == ["romanian deadlift", "back squat", "seated leg curl"]
    assert [c.name for c in symbols[2].children or []] == ["Monday"]
    assert not symbols[3].children
    folds = await client.text_document_folding_range_async(
        lsp.FoldingRangeParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
    )
    assert [(f.start_line, f.end_line) for f in folds or []] == [(6, 7), (8, 12), (9, 12), (13, 15), (14, 15)]


async def hover_text(client: LanguageClient, uri: str, line: int, character: int) -> str:
    hover = await client.text_document_hover_async(
        lsp.HoverParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri),
            position=lsp.Position(line=line, character=character),
        )
    )
    assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
    return hover.contents.value


@pytest.mark.asyncio
async def test_hover_on_a_load_says_what_it_means_and_the_weight_of_week_1(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, BLOCK)
    percent = await hover_text(client, uri, 10, 23)  # 70% of 140kg, rounded to 2.5kg
    assert "70% of the one-rep max" in percent and "97.5kg** in week 1" in percent
    back_off = await hover_text(client, uri, 10, 37)  # -10% after 97.5kg
    assert "10% lighter" in back_off and "87.5kg** in week 1" in back_off
    tm = await hover_text(client, uri, 11, 18)  # 85% of 90% of 150kg
    assert "85% of the training max" in tm and "115kg** in week 1" in tm
    rpe = await hover_text(client, uri, 12, 23)
    assert "RPE 8" in rpe and "perceived exertion" in rpe
    bodyweight = await hover_text(client, uri, 15, 18)  # bw: nothing to work out
    assert "bodyweight" in bodyweight


@pytest.mark.asyncio
async def test_another_language_id_gets_the_same_diagnostics(client: LanguageClient, tmp_path: Path) -> None:
    first, second = uri_in(tmp_path, "a.ham"), uri_in(tmp_path, "b.txt")
    open_doc(client, first, BAD, "ham")
    open_doc(client, second, BAD, "plaintext")
    assert await pushed(client, first, 1) == await pushed(client, second, 1)


@pytest.mark.asyncio
async def test_a_client_that_pulls_is_never_pushed_to_and_sees_each_finding_once(tmp_path: Path) -> None:
    uri = uri_in(tmp_path)
    async with started(PULLS) as client:
        open_doc(client, uri, BAD)
        change_doc(client, uri, 2, BAD + "A3: seated leg curl 3 8\n")
        report = await client.text_document_diagnostic_async(
            lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, lsp.RelatedFullDocumentDiagnosticReport)
        assert [d.range.start.line for d in report.items] == [1, 3]
        await asyncio.sleep(0.8)  # longer than the debounce: a push would have come by now
        assert uri not in client.diagnostics


@pytest.mark.asyncio
async def test_a_client_that_does_not_pull_gets_each_finding_pushed_once(tmp_path: Path) -> None:
    uri = uri_in(tmp_path)
    async with started(PUSH_ONLY) as client:
        open_doc(client, uri, BAD)
        assert len(await pushed(client, uri, 1)) == 1
        await asyncio.sleep(0.5)
        assert len(client.diagnostics[uri]) == 1


@pytest.mark.asyncio
async def test_a_plugin_that_raises_is_one_diagnostic_and_the_server_keeps_serving(tmp_path: Path) -> None:
    site = tmp_path / "site"
    make_distribution(
        site,
        "hamdsl-boom",
        entry_points={"boom": "boom_rules"},
        modules={
            "boom_rules": """
                import hamdsl
                from hamdsl.plugins.api import Rule

                def _boom(ctx):
                    raise RuntimeError("boom")

                @hamdsl.hookimpl
                def hamdsl_rules():
                    return [Rule(code="TST001", name="always-fails", summary="raises", check=_boom)]
            """
        },
    )
    uri = uri_in(tmp_path)
    async with started(PUSH_ONLY, env=site_env(site)) as client:
        open_doc(client, uri, GOOD)
        found = await pushed(client, uri)
        assert [d.code for d in found if d.code == "E002"] == ["E002"]
        assert "boom" in next(d.message for d in found if d.code == "E002")
        hover = await client.text_document_hover_async(
            lsp.HoverParams(
                text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=2, character=5)
            )
        )
        assert hover is not None


@pytest.mark.asyncio
async def test_an_oversized_buffer_and_text_that_is_not_a_routine_get_a_message(tmp_path: Path) -> None:
    huge, junk = uri_in(tmp_path, "huge.ham"), "not a uri at all"
    async with started(PUSH_ONLY) as client:
        open_doc(client, huge, "# x\n" * 300_000)
        [refused] = await pushed(client, huge, 1)
        assert refused.code == "E004" and "MiB" in refused.message
        open_doc(client, junk, "\x00\x01 binary { junk }\n")
        assert await pushed(client, junk)
        symbols = await client.text_document_document_symbol_async(
            lsp.DocumentSymbolParams(text_document=lsp.TextDocumentIdentifier(uri=junk))
        )
        assert symbols == []


def _message(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_shutdown_and_exit_end_the_server_with_0() -> None:
    talk = b"".join(
        _message(m)
        for m in (
            {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
            {"jsonrpc": "2.0", "method": "initialized", "params": {}},
            {"jsonrpc": "2.0", "id": 2, "method": "shutdown"},
            {"jsonrpc": "2.0", "method": "exit"},
        )
    )
    server = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert server.stdin is not None
    server.stdin.write(talk)
    server.stdin.flush()  # stdin stays open: the server must leave on "exit" alone
    try:
        assert server.wait(timeout=30) == 0
    finally:
        server.kill()
        server.communicate()


def test_the_server_exits_with_0_when_its_client_goes_away() -> None:
    done = subprocess.run(SERVER, input=b"", capture_output=True, timeout=30)
    assert done.returncode == 0


def test_without_the_server_extra_the_command_says_what_to_install(tmp_path: Path) -> None:
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\nclass _Block:\n    def find_spec(self, name, path=None, target=None):\n"
        "        return None if name.split('.')[0] not in ('pygls', 'lsprotocol') else _fail(name)\n"
        "def _fail(name):\n    raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "sys.meta_path.insert(0, _Block())\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(blocker), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(SERVER, capture_output=True, text=True, env=env, timeout=30)
    assert done.returncode == 2
    assert "pip install 'hamdsl[server]'" in done.stderr


def test_the_lint_path_does_not_import_pygls_or_lsprotocol(tmp_path: Path) -> None:
    routine = tmp_path / "plan.ham"
    routine.write_text(GOOD)
    probe = (
        "import sys\nfrom hamdsl.cli.main import main\n"
        f"main(['lint', '--no-cache', {str(routine)!r}])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'pytest_lsp')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr


# -- the buffer's own catalog, regions, configuration changes -----------------------------------------

DECLARED = (
    "exercise: zercher sled drag = hip extension\n"
    "session Monday:\n"
    "A1: zercher sled drag 3x8 rest 90s\n"
    "A2: sled push pull 3x8 rest 2min\n"
    "A3: barbell bench press 3x8 rest 2min\n"
)


@pytest.mark.asyncio
async def test_hover_and_completion_know_the_exercises_the_file_and_the_configuration_declare(
    client: LanguageClient, tmp_path: Path
) -> None:
    (tmp_path / "hamdsl.toml").write_text('[exercises]\n"sled push pull" = ["knee-flexion"]\n')
    uri = uri_in(tmp_path)
    open_doc(client, uri, DECLARED + "A4: zer")
    found = await pushed(client, uri)
    assert not [d for d in found if d.code == "HAM001"]  # as hamdsl lint: both names are known

    in_file = await hover_text(client, uri, 2, 6)
    assert "**zercher sled drag**" in in_file and "declared in this routine" in in_file
    assert "functions: hip extension" in in_file and "not in the exercise catalog" not in in_file
    in_config = await hover_text(client, uri, 3, 6)
    assert "**sled push pull**" in in_config and "declared in the configuration" in in_config
    assert "functions: knee flexion" in in_config and "not in the exercise catalog" not in in_config

    offered = await completion_items(client, uri, 5, 7)
    assert offered["zercher sled drag"].insert_text == "zercher sled drag"
    assert "hip extension" in (offered["zercher sled drag"].detail or "")
    change_doc(client, uri, 2, DECLARED + "A4: sled p")
    assert "sled push pull" in await completion_items(client, uri, 5, 10)


@pytest.mark.asyncio
async def test_with_a_configuration_that_cannot_be_used_the_file_s_own_declarations_still_count(
    client: LanguageClient, tmp_path: Path
) -> None:
    # hamdsl lint refuses this table (a name the catalog has); the file's exercise: line is fine.
    (tmp_path / "hamdsl.toml").write_text('[exercises]\n"romanian deadlift" = ["hip-extension"]\n')
    uri = uri_in(tmp_path)
    open_doc(client, uri, DECLARED)
    [refused] = await pushed(client, uri)
    assert refused.code == "E002" and "already in the exercise catalog" in refused.message
    in_file = await hover_text(client, uri, 2, 6)
    assert "declared in this routine" in in_file and "functions: hip extension" in in_file


@pytest.mark.asyncio
async def test_hover_and_completion_show_the_region_the_catalog_gives(
    client: LanguageClient, tmp_path: Path
) -> None:
    uri = uri_in(tmp_path)
    open_doc(client, uri, DECLARED + "A4: barbell bench")
    bench = await hover_text(client, uri, 4, 8)
    assert "**barbell bench press** (chest;" in bench and "legs" not in bench
    offered = await completion_items(client, uri, 5, 17)
    assert (offered["barbell bench press"].detail or "").endswith(" · chest")
    change_doc(client, uri, 2, DECLARED + "A4: romanian dead")
    offered = await completion_items(client, uri, 5, 17)
    assert (offered["romanian deadlift"].detail or "").endswith("hip extension · legs")


def config_changed(client: LanguageClient, *files: Path) -> None:
    client.workspace_did_change_watched_files(
        lsp.DidChangeWatchedFilesParams(
            changes=[lsp.FileEvent(uri=f.resolve().as_uri(), type=lsp.FileChangeType.Changed) for f in files]
        )
    )


@pytest.mark.asyncio
async def test_a_changed_configuration_file_changes_the_findings_of_every_open_buffer(
    client: LanguageClient, tmp_path: Path
) -> None:
    config = tmp_path / "hamdsl.toml"
    config.write_text("ignore = []\n")
    first, second = uri_in(tmp_path, "a.ham"), uri_in(tmp_path, "b.ham")
    open_doc(client, first, GOOD)
    open_doc(client, second, GOOD)
    before = await pushed(client, first, 2)
    assert {d.code for d in before} == {"HAM203", "HAM402"}
    await pushed(client, second, 2)

    config.write_text('ignore = ["HAM402"]\n')  # outside the editor: no buffer is saved
    config_changed(client, config)
    assert [d.code for d in await pushed(client, first, 1)] == ["HAM203"]
    assert [d.code for d in await pushed(client, second, 1)] == ["HAM203"]


@pytest.mark.asyncio
async def test_a_client_that_pulls_is_asked_to_pull_again_when_the_configuration_changes(
    tmp_path: Path,
) -> None:
    capabilities = client_capabilities(PULLS)
    assert capabilities.workspace is not None
    capabilities.workspace.diagnostics = lsp.DiagnosticWorkspaceClientCapabilities(refresh_support=True)
    config = tmp_path / "hamdsl.toml"
    config.write_text("ignore = []\n")
    uri = uri_in(tmp_path)

    async def pull() -> list[str]:
        report = await client.text_document_diagnostic_async(
            lsp.DocumentDiagnosticParams(text_document=lsp.TextDocumentIdentifier(uri=uri))
        )
        assert isinstance(report, lsp.RelatedFullDocumentDiagnosticReport)
        return sorted(str(d.code) for d in report.items)

    async def refreshed() -> None:
        while client.diagnostic_refresh_count == 0:
            await asyncio.sleep(0.05)

    async with started(capabilities) as client:
        open_doc(client, uri, GOOD)
        assert await pull() == ["HAM203", "HAM402"]
        config_changed(client, tmp_path / "notes.txt")  # not a configuration file: nothing to do
        config.write_text('ignore = ["HAM402"]\n')
        config_changed(client, config)
        await asyncio.wait_for(refreshed(), WAIT)
        await asyncio.sleep(0.3)  # a refresh for notes.txt would have come before this one
        assert client.diagnostic_refresh_count == 1
        assert await pull() == ["HAM203"]
        assert uri not in client.diagnostics  # still never pushed to


@pytest.mark.asyncio
async def test_a_client_that_lets_servers_watch_files_is_asked_to_watch_the_configuration(
    tmp_path: Path,
) -> None:
    registered: list[lsp.RegistrationParams] = []
    capabilities = client_capabilities(PUSH_ONLY)
    capabilities.workspace = lsp.WorkspaceClientCapabilities(
        did_change_watched_files=lsp.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True)
    )

    async def asked() -> None:
        while not registered:
            await asyncio.sleep(0.05)

    async with started(capabilities, on_register=registered.append) as client:
        await asyncio.wait_for(asked(), WAIT)
        [registration] = registered[0].registrations
        assert registration.method == lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES
        options: Any = registration.register_options  # the JSON as sent: its type depends on method
        assert [w["globPattern"] for w in options["watchers"]] == ["**/hamdsl.toml", "**/pyproject.toml"]
        # and what it then reports is acted on, as for any client
        config = tmp_path / "pyproject.toml"
        config.write_text("[tool.hamdsl]\nignore = []\n")
        uri = uri_in(tmp_path)
        open_doc(client, uri, GOOD)
        await pushed(client, uri, 2)
        config.write_text('[tool.hamdsl]\nignore = ["HAM203"]\n')
        config_changed(client, config)
        assert [d.code for d in await pushed(client, uri, 1)] == ["HAM402"]
