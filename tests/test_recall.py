"""A rebuild of the home site does not read and check every plan again: the reports an
earlier build made from the same bytes come back from the sealed cache; an edited plan, or
a report that is gone, is checked again."""

from __future__ import annotations

import shutil

from generator.analysis import report as reports
from generator.analysis.settings import DoctorSettings
from generator.output.buildcache import Snapshot
from generator.workspace import Workspace
from tests.conftest import edit_file, run_proposals, workspace_with


def _not_read(*args: object, **kwargs: object) -> object:
    raise AssertionError("the plan was read again")


def test_reports_made_from_the_same_bytes_are_recalled_and_an_edited_plan_is_checked(tmp_path, monkeypatch):
    root = workspace_with(tmp_path / "ws", ("mimosa-hair", "kurumi-ramen"), pdf=False)
    assert run_proposals("build", cwd=root, timeout=600).returncode == 0
    monkeypatch.chdir(root)  # reports name their files as shown from here, as the build did
    monkeypatch.setattr(reports, "_checked", {})
    workspace = Workspace.find(root / "mkdocs.yml")
    snapshot = Snapshot(workspace)
    files = reports.plan_files([workspace.paths.proposals])
    settings = DoctorSettings.from_options({**workspace.options, "today": snapshot.today})
    snapshot.summaries(files)
    snapshot.recall_reports()
    monkeypatch.setattr(reports, "load_plan", _not_read)
    recalled = reports.check_files(files, settings)
    assert [r.slug for r in recalled] == ["kurumi-ramen", "mimosa-hair"]
    assert all(r.loaded is not None and r.error is None for r in recalled)

    monkeypatch.undo()
    monkeypatch.chdir(root)
    monkeypatch.setattr(reports, "_checked", {})
    edit_file(root / "proposals" / "mimosa-hair.yaml", "ビフォーアフター", "ビフォー・アフター")
    snapshot = Snapshot(workspace)
    snapshot.summaries(files)
    assert [p.stem for p in snapshot._unread] == ["kurumi-ramen"]  # the edited plan was read
    snapshot.recall_reports()
    monkeypatch.setattr(reports, "load_plan", _not_read)
    mimosa = next(r for r in reports.check_files(files, settings) if r.slug == "mimosa-hair")
    assert mimosa.plan.notes is not None and "ビフォー・アフター" in mimosa.plan.notes

    kept = root / ".cache" / "sns-proposals" / "reports"
    for entry in kept.iterdir():  # reports gone (pruned, another machine's cache): read again
        entry.unlink()
    snapshot = Snapshot(workspace)
    monkeypatch.undo()
    monkeypatch.chdir(root)
    snapshot.summaries(files)
    assert snapshot._unread == {} and len(list(kept.iterdir())) == 2


def test_the_knowledge_base_and_labels_come_back_as_validated_and_a_forged_entry_is_read_again(
    tmp_path, monkeypatch
):
    from generator.knowledge import catalogue as knowledge_module
    from generator.locale import labels as labels_module

    root = workspace_with(tmp_path / "ws", ("mimosa-hair",), pdf=False)
    workspace = Workspace.find(root / "mkdocs.yml")
    monkeypatch.setattr(knowledge_module, "_loaded", [])
    monkeypatch.setattr(labels_module, "_loaded", [])
    Snapshot(workspace).packaged_data()  # read from the YAML and kept
    read = knowledge_module._loaded[0]
    kept = root / ".cache" / "sns-proposals" / "packaged"
    assert len(list(kept.iterdir())) == 1

    def _no_yaml(name: str) -> object:
        raise AssertionError(f"knowledge/{name} was read again")

    monkeypatch.setattr(knowledge_module, "_loaded", [])
    monkeypatch.setattr(labels_module, "_loaded", [])
    monkeypatch.setattr(knowledge_module, "_read", _no_yaml)
    Snapshot(workspace).packaged_data()
    adopted = knowledge_module.knowledge()
    assert adopted is not read and adopted == read
    assert labels_module._loaded and labels_module._loaded[0] == labels_module._read_table()

    (entry,) = kept.iterdir()
    entry.write_bytes(entry.read_bytes().replace(b"Knowledge", b"Knowledgf"))  # the seal breaks
    monkeypatch.undo()
    monkeypatch.setattr(knowledge_module, "_loaded", [])
    monkeypatch.setattr(labels_module, "_loaded", [])
    calls: list[str] = []
    original = knowledge_module._read
    monkeypatch.setattr(knowledge_module, "_read", lambda name: calls.append(name) or original(name))
    Snapshot(workspace).packaged_data()
    assert "metrics.yaml" in calls  # read from the files again, not from the altered entry


def test_many_plans_are_read_by_workers_with_the_errors_and_summaries_of_a_serial_read(tmp_path, monkeypatch):
    from generator.output import summaries as summarising

    root = workspace_with(tmp_path / "ws", ("mimosa-hair", "kurumi-ramen", "ledgerly-b2b"), pdf=False)
    proposals = root / "proposals"
    for i in range(7):  # more plans than are read in this process
        source = proposals / ("mimosa-hair.yaml", "kurumi-ramen.yaml", "ledgerly-b2b.yaml")[i % 3]
        (proposals / f"copy-{i}.yaml").write_bytes(source.read_bytes())
    edit_file(proposals / "copy-2.yaml", "client:", "client: [")  # not YAML any more
    (proposals / "copy-5.yaml").write_text("plan_version: 1\n", encoding="utf-8")  # nothing in it
    monkeypatch.chdir(root)
    workspace = Workspace.find(root / "mkdocs.yml")
    files = reports.plan_files([workspace.paths.proposals])
    assert len(files) >= summarising.PARALLEL_FROM

    monkeypatch.setattr(reports, "_checked", {})
    by_workers = Snapshot(workspace).summaries(files, jobs=2)
    shutil.rmtree(root / ".cache")
    monkeypatch.setattr(reports, "_checked", {})
    here = Snapshot(workspace).summaries(files, jobs=1)
    assert by_workers[0] == here[0] and len(here[0]) == len(files) - 2
    assert [e.lines() for e in by_workers[1]] == [e.lines() for e in here[1]]
    assert [e.file for e in here[1]] == ["proposals/copy-2.yaml", "proposals/copy-5.yaml"]

    shutil.rmtree(root / ".cache")
    monkeypatch.setattr(reports, "_checked", {})
    monkeypatch.setattr(reports, "_recallable", {})
    snapshot = Snapshot(workspace)
    snapshot.summaries(files, jobs=2)  # read by workers: this process holds no report
    # Only the plans with errors were read here again, to tell them.
    assert {key[1] for key in reports._checked} == {"proposals/copy-2.yaml", "proposals/copy-5.yaml"}
    snapshot.recall_reports()
    monkeypatch.setattr(reports, "load_plan", _not_read)
    valid = [f for f in files if f.stem not in ("copy-2", "copy-5")]
    assert all(r.error is None and r.loaded is not None for r in reports.check_files(valid))
