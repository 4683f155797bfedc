"""The Kubernetes values file validates against the Zero to JupyterHub chart's schema.

`helm install` validates the chart's default values merged with ours. Without the chart's
defaults here, the schema is applied with the `required` lists lifted where those defaults
supply the keys: objects reached from the top through named properties (hub, singleuser,
singleuser.image, ...). Entries we write ourselves (volumes, files, extra images: map values
and list items) keep their `required` lists, as do types, enums and the closed objects that
catch a misspelt key.
"""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import pytest
import yaml

from simsuite.classroom.settings import course_id_of

REPO = Path(__file__).resolve().parents[2]
K8S = REPO / "grading" / "classroom" / "k8s"


def chart_defaults_schema(schema: dict) -> dict:
    """The schema as it applies to a values file that the chart's defaults complete."""
    schema = copy.deepcopy(schema)

    def lift(node: dict) -> None:
        node.pop("required", None)
        for child in node.get("properties", {}).values():
            if isinstance(child, dict):
                lift(child)

    lift(schema)
    return schema


@pytest.fixture(scope="module")
def schema():
    return chart_defaults_schema(yaml.safe_load((K8S / "values.schema.yaml").read_text()))


@pytest.fixture(scope="module")
def values():
    return yaml.safe_load((K8S / "values.yaml").read_text())


def test_values_validate_against_the_charts_schema(schema, values):
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(values), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def _misspelt_key(values):
    values["singleuser"]["memmory"] = {"limit": "2G"}


def _wrong_type(values):
    values["cull"]["timeout"] = "an hour"


def _unknown_pull_policy(values):
    values["singleuser"]["image"]["pullPolicy"] = "Sometimes"


def _our_entry_lacks_a_required_key(values):
    values["prePuller"]["extraImages"] = {"simsuite": {"name": "simsuite-classroom"}}


@pytest.mark.parametrize(
    "change", [_misspelt_key, _wrong_type, _unknown_pull_policy, _our_entry_lacks_a_required_key]
)
def test_the_check_catches_a_broken_values_file(schema, values, change):
    broken = copy.deepcopy(values)
    change(broken)
    assert list(jsonschema.Draft7Validator(schema).iter_errors(broken))


def test_values_describe_the_same_course_as_the_single_server(values):
    course_id = course_id_of(REPO)
    groups = values["hub"]["config"]["JupyterHub"]["load_groups"]
    assert set(groups) == {f"formgrade-{course_id}", f"nbgrader-{course_id}"}
    assert values["hub"]["loadRoles"]["classroom-instructor"]["groups"] == [
        f"formgrade-{course_id}"
    ]
    user = values["singleuser"]
    assert user["extraEnv"]["SIMSUITE_COURSE_ID"] == course_id
    mounts = {m["name"]: m["mountPath"] for m in user["storage"]["extraVolumeMounts"]}
    assert mounts["nbgrader-exchange"] == user["extraEnv"]["SIMSUITE_EXCHANGE_ROOT"]
    assert user["memory"]["limit"] and user["cpu"]["limit"]
    assert values["cull"]["enabled"] and values["cull"]["timeout"] > 0
    assert values["hub"]["config"]["FirstUseAuthenticator"]["create_users"] is False
    # the trainee settings the image carries are the ones the single server installs
    dockerfile = (K8S / "Dockerfile").read_text()
    assert "grading/classroom/jupyter/trainee /opt/simsuite/etc/jupyter-trainee" in dockerfile
    assert "/opt/simsuite/etc/jupyter-trainee" in values["hub"]["extraConfig"]["20-role-settings"]
    assert "exercises" not in dockerfile and "item_bank" not in dockerfile


def test_the_schema_copy_is_the_shared_one_with_its_licence():
    places = [folder / "shared" for folder in REPO.parents]
    shared = next((p / "data" / "z2jh" for p in places if (p / "data" / "z2jh").is_dir()), None)
    assert (K8S / "LICENSE").read_text().startswith("BSD 3-Clause License")
    assert "48ea50e3" in (K8S / "README.md").read_text()
    if shared is not None:  # beside a checkout of the project's shared data
        assert (K8S / "values.schema.yaml").read_bytes() == (
            shared / "values.schema.yaml"
        ).read_bytes()


def test_the_hubs_extra_config_gives_each_role_its_settings(values):
    from types import SimpleNamespace

    from traitlets.config import Config

    c = Config()
    for name, code in values["hub"]["extraConfig"].items():
        exec(compile(code, name, "exec"), {"c": c})

    def spawner(user_id, group):
        user = SimpleNamespace(id=user_id, groups=[SimpleNamespace(name=group)])
        return SimpleNamespace(user=user, environment={})

    course_id = course_id_of(REPO)
    instructor = spawner(3, f"formgrade-{course_id}")
    trainee = spawner(7, f"nbgrader-{course_id}")
    for who in (instructor, trainee):
        c.KubeSpawner.pre_spawn_hook(who)
    assert instructor.environment["SIMSUITE_CLASSROOM_ROLE"] == "instructor"
    assert instructor.environment["JUPYTER_CONFIG_PATH"].endswith("simsuite-course/grading")
    assert trainee.environment["JUPYTER_CONFIG_PATH"] == "/opt/simsuite/etc/jupyter-trainee"
    assert c.KubeSpawner.uid(trainee) == 10007 != c.KubeSpawner.uid(instructor)
    assert c.KubeSpawner.profile_list(trainee) == []
    grading = c.KubeSpawner.profile_list(instructor)[1]["kubespawner_override"]
    assert grading["cpu_limit"] > values["singleuser"]["cpu"]["limit"]
