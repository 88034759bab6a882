"""A rebuild of the home site does not read and check every plan again: the reports an
earlier build made from the same bytes come back from the sealed cache; an edited plan, or
a report that is gone, is checked again."""

from __future__ import annotations

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
