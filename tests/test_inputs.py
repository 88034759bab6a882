"""The one reader of what a build reads besides its plans (generator/inputs/): it follows no
link, keeps to its bounds, says what is wrong in one line, and records every file it read
with its digest — the record a site's key is made of."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator.inputs.pictures import ImageError
from generator.inputs.reader import ABSENT, InputError, Reader
from generator.inputs.snapshot import Inputs
from generator.plans.values import Month
from tests.conftest import PROPOSALS, report_of


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "red").save(buffer, "PNG")
    return buffer.getvalue()


def _plan_with_picture(root: Path, name: str):  # type: ignore[no-untyped-def]
    folder = root / "proposals"
    folder.mkdir(parents=True)
    plan = folder / "kurumi-ramen.yaml"
    shutil.copy(PROPOSALS / "kurumi-ramen.yaml", plan)
    plan.write_text(
        plan.read_text("utf-8") + f"images:\n  - {{path: '{name}', alt: 店, where: cover}}\n", "utf-8"
    )
    return report_of(plan)


def test_a_picture_is_read_once_and_recorded(tmp_path: Path) -> None:
    report = _plan_with_picture(tmp_path, "shop.png")
    (tmp_path / "proposals" / "shop.png").write_bytes(_png())
    inputs = Inputs()
    (picture,) = inputs.pictures(report)["cover"]
    assert picture.mime == "image/png" and (picture.width, picture.height) == (8, 6)
    assert inputs.reader.record == {
        str(tmp_path / "proposals" / "shop.png"): hashlib.sha256(_png()).hexdigest()
    }
    assert inputs.pictures(report)["cover"][0] is picture


def test_a_picture_beside_the_plans_folder_is_read(tmp_path: Path) -> None:
    report = _plan_with_picture(tmp_path, "../assets/shop.png")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "shop.png").write_bytes(_png())
    assert Inputs().pictures(report)["cover"][0].width == 8


@pytest.mark.parametrize("name", ["link.png", "inner/shop.png", "../../outside.png", "/etc/hostname"])
def test_a_picture_behind_a_link_or_outside_is_refused_in_one_line(tmp_path: Path, name: str) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(_png())
    report = _plan_with_picture(tmp_path / "ws", name)
    folder = tmp_path / "ws" / "proposals"
    (folder / "link.png").symlink_to(outside)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "shop.png").write_bytes(_png())
    (folder / "inner").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(ImageError) as caught:
        Inputs().pictures(report)
    said = str(caught.value)
    assert "\n" not in said and "kurumi-ramen.yaml:" in said and "images[0].path" in said


def test_a_comment_is_read_through_the_reader(tmp_path: Path) -> None:
    comments = tmp_path / "actuals" / "shop" / "comments"
    comments.mkdir(parents=True)
    (comments / "2027-03.md").write_text("三月は好調でした。", "utf-8")
    inputs = Inputs(tmp_path / "actuals")
    said = inputs.comment("shop", Month(2027, 3))
    assert said.text == "三月は好調でした。" and not said.draft and said.where.endswith("2027-03.md")
    assert inputs.comment("shop", Month(2027, 4)).text == ""
    assert inputs.reader.record[str(comments / "2027-04.md")] == ABSENT


def test_a_comment_that_is_a_link_or_too_long_is_refused(tmp_path: Path) -> None:
    comments = tmp_path / "actuals" / "shop" / "comments"
    comments.mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("password", "utf-8")
    (comments / "2027-03.md").symlink_to(secret)
    (comments / "2027-04.md").write_text("x" * (65 * 1024), "utf-8")
    inputs = Inputs(tmp_path / "actuals")
    with pytest.raises(InputError, match="not a link"):
        inputs.comment("shop", Month(2027, 3))
    with pytest.raises(InputError, match="larger than 64 kB"):
        inputs.comment("shop", Month(2027, 4))


def test_a_public_build_reads_no_actuals(tmp_path: Path) -> None:
    (tmp_path / "actuals" / "kurumi-ramen" / "comments").mkdir(parents=True)
    inputs = Inputs(None)
    report = report_of(PROPOSALS / "kurumi-ramen.yaml")
    assert inputs.tracked(report) is None and inputs.comment("kurumi-ramen", Month(2027, 3)).text == ""
    assert not inputs.has_actuals("kurumi-ramen") and inputs.reader.record == {}


def test_a_linked_folder_on_the_way_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "logo.png").write_bytes(_png())
    os.symlink(tmp_path / "real", tmp_path / "brand")
    with pytest.raises(InputError, match="not a link"):
        Reader().read(tmp_path, "brand/logo.png", 1024 * 1024, "the deck's logo")
