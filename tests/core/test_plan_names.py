"""A plan's name never silently means two plans: an id two plans that set actions share, whatever
their kinds, is refused when the framework is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cli_run import run_wide as run
from councilpmf.core.errors import InputError
from councilpmf.core.framework import Framework
from councilpmf.core.plan import DeliveryPlan, ServicePlan, StrategicPlan
from councilpmf.folder import load_folder

STRATEGY = StrategicPlan(title="Plan", organisation="Anytown")


# -- refused when the framework is built: one id for two plans of any kind ----------------------


def test_a_service_plan_with_a_delivery_plans_id_is_refused_naming_both() -> None:
    with pytest.raises(InputError) as refused:
        Framework(
            plan=STRATEGY,
            delivery_plans=(DeliveryPlan(id="roads", title="Highways delivery plan"),),
            service_plans=(ServicePlan(id="roads", service="Highways"),),
        )
    assert refused.value.problems == (
        "$.service_plans[0].id: 'roads' is already the id of the delivery plan at "
        "$.delivery_plans[0]; give the service plan an id no other plan or peer challenge has",
    )


NOTTINGHAMSHIRE = Path("examples/nottinghamshire")


def test_a_folder_whose_service_plan_has_the_delivery_plans_id_names_both_files(
    tmp_path: Path,
) -> None:
    root = tmp_path / "council"
    shutil.copytree(NOTTINGHAMSHIRE, root)
    path = root / "service-plans" / "2014-15-highways.toml"
    text = path.read_text(encoding="utf-8")
    assert 'id = "highways-2014-15"\n' in text
    path.write_text(text.replace('id = "highways-2014-15"\n', 'id = "adp-2014-15"\n'), "utf-8")
    said = (
        "service-plans/2014-15-highways.toml: $.id: 'adp-2014-15' is already the id of the "
        "delivery plan at delivery-plans/2014-15-annual-delivery-plan.toml; give the service "
        "plan an id no other plan or peer challenge has"
    )
    with pytest.raises(InputError) as refused:
        load_folder(root)
    assert refused.value.problems == (said,)
    # the command line says the same, without a traceback, and stores nothing
    result = run("load", str(root), "--store", f"sqlite:///{tmp_path / 'pmf.db'}", "--by", "Me")
    assert result.exit_code == 1, result.output
    assert said in " ".join(result.stderr.split())
    assert not (tmp_path / "pmf.db").exists()
