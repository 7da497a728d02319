"""The render reports progress every 5 percent and also at least every PROGRESS_EVERY_SECONDS
while it writes frames: the report is a download link's build's sign of life
(requests/build_recovery.py), and 5 percent of a long video can take most of an hour."""

from pathlib import Path

import pytest

from schoolprivacy.demo.video_samples import make_video
from schoolprivacy.videos import render

# The real render (the autouse media memo of this folder replaces the module's attribute).
real_blur_every_face = render.blur_every_face


def test_the_render_reports_at_least_every_interval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = make_video(tmp_path / "clip.mp4", seconds=3, size=(160, 120), fps=20, audio=False)
    by_percent: list[int] = []
    real_blur_every_face(source, tmp_path / "a.mp4", progress=by_percent.append)
    assert 15 <= len(by_percent) <= 25  # 60 frames: every 5 percent, about every third frame
    monkeypatch.setattr(render, "PROGRESS_EVERY_SECONDS", 0.0)  # every frame is "a while"
    by_time: list[int] = []
    real_blur_every_face(source, tmp_path / "b.mp4", progress=by_time.append)
    assert len(by_time) == 60 and by_time == sorted(by_time)
