"""The degradation demo's dialog: the settings it offers and what it hands to demo_runs."""

from __future__ import annotations

from resviz.presentation import demo_record
from resviz.train.demo import demo_runs
from resviz.ui.queue.demo_dialog import DemoDialog


def test_a_cpu_offers_quick_and_classroom_and_a_gpu_the_paper_like_setting(qtbot) -> None:  # noqa: ANN001
    cpu = DemoDialog("cpu", seed=3)
    qtbot.addWidget(cpu)
    assert cpu.setting() == "cpu" and cpu.seed() == 3
    assert cpu._paper.isHidden()  # hours on a CPU: not offered there
    cpu._classroom.setChecked(True)
    assert cpu.setting() == "classroom"
    quick, classroom = demo_runs("cpu")[0][2], demo_runs(cpu.setting())[0][2]
    assert classroom.steps > quick.steps and classroom.image_size == quick.image_size
    assert str(classroom.steps) in cpu._classroom.text()
    # What each setting showed when measured, under its button.
    assert cpu._shows[cpu._quick].text() == demo_record.QUICK.describe()
    assert cpu._shows[cpu._classroom].text() == demo_record.CLASSROOM.describe()
    gpu = DemoDialog("cuda")
    qtbot.addWidget(gpu)
    assert gpu.setting() == "cuda" and not gpu._paper.isHidden()
    assert cpu._start.isDefault()  # Enter starts the preselected setting
