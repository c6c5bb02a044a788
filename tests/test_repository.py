"""Checks of the repository itself: manifests, data files, access rules, translations."""

import ast
import csv
import re

import polib
import pytest
from lxml import etree

from .addons import ADDONS, EXPECTED_ADDONS, ROOT

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
VERSION_RE = re.compile(r"^18\.0\.\d+\.\d+\.\d+$")
REQUIRED_KEYS = {"name", "version", "license", "author", "website", "category", "summary", "depends", "data"}
MODEL_NAME_RE = re.compile(r"^\s+_name\s*=\s*[\"']([\w.]+)[\"']", re.M)
MODEL_CLASS_RE = re.compile(r"^class \w+\((?:models\.)?(Model|TransientModel)\)", re.M)


def manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text(encoding="utf-8"))


def test_the_six_addons_are_there():
    assert ADDONS == EXPECTED_ADDONS


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest(addon):
    data = manifest(addon)
    assert REQUIRED_KEYS <= set(data), f"missing keys: {REQUIRED_KEYS - set(data)}"
    assert VERSION_RE.match(data["version"]), data["version"]
    assert data["license"] == "LGPL-3"
    assert data.get("installable", True)
    if addon != "miy_contacts":
        assert "miy_contacts" in data["depends"]


@pytest.mark.parametrize("addon", ADDONS)
def test_data_files_exist(addon):
    data = manifest(addon)
    for key in ("data", "demo", "assets"):
        files = data.get(key, [])
        if key == "assets":
            continue  # globs, checked by Odoo at load time
        for rel in files:
            assert (ROOT / addon / rel).is_file(), f"{addon}: {key} file {rel} does not exist"


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_and_icon(addon):
    assert (ROOT / addon / "README.rst").is_file() or (ROOT / addon / "readme").is_dir()
    assert (ROOT / addon / "static" / "description" / "icon.png").is_file()


def declared_models(addon):
    """Models an addon creates (``_name`` in a Model/TransientModel class body)."""
    names = set()
    for path in (ROOT / addon).rglob("*.py"):
        if "tests" in path.relative_to(ROOT / addon).parts:
            continue
        text = path.read_text(encoding="utf-8")
        for chunk in re.split(r"^class ", text, flags=re.M)[1:]:
            chunk = "class " + chunk
            if not MODEL_CLASS_RE.match(chunk):
                continue
            match = MODEL_NAME_RE.search(chunk)
            if match:
                names.add(match.group(1))
    return names


def access_rows(addon):
    path = ROOT / addon / "security" / "ir.model.access.csv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def groups_using_models(addon):
    """Groups that 'use' a model: those of the menus whose actions open it."""
    actions, menus = {}, []
    for path in (ROOT / addon).rglob("*.xml"):
        if "tests" in path.relative_to(ROOT / addon).parts:
            continue  # test data may be hostile on purpose (XXE, entity expansion)
        tree = etree.parse(str(path), SAFE_PARSER)
        for rec in tree.iter("record"):
            if rec.get("model") == "ir.actions.act_window":
                model = rec.find("field[@name='res_model']")
                if model is not None:
                    actions[rec.get("id")] = model.text
        menus.extend(tree.iter("menuitem"))
    used = {}
    for menu in menus:
        model = actions.get(menu.get("action") or "")
        if model and menu.get("groups"):
            for group in menu.get("groups").split(","):
                used.setdefault(model, set()).add(group.strip())
    return used


def qualify(addon, xmlid):
    return xmlid if "." in xmlid else f"{addon}.{xmlid}"


@pytest.mark.parametrize("addon", ADDONS)
def test_every_model_has_access_rules(addon):
    models = declared_models(addon)
    rows = access_rows(addon)
    covered = {}
    for row in rows:
        model_ref = row["model_id:id"].split(".")[-1]
        covered.setdefault(model_ref, set()).add(qualify(addon, row["group_id:id"]) if row["group_id:id"] else "")
    for model in sorted(models):
        ref = "model_" + model.replace(".", "_")
        assert ref in covered, f"{addon}: model {model} has no line in security/ir.model.access.csv"
    for model, groups in groups_using_models(addon).items():
        ref = "model_" + model.replace(".", "_")
        if model not in models:
            continue
        for group in groups:
            assert qualify(addon, group) in covered.get(
                ref, set()
            ), f"{addon}: menu group {group} opens {model} but has no access rule for it"


def po_entries(path):
    return polib.pofile(str(path), wrapwidth=0)


@pytest.mark.parametrize("addon", ADDONS)
def test_turkish_translation_complete(addon):
    pot_path = ROOT / addon / "i18n" / f"{addon}.pot"
    po_path = ROOT / addon / "i18n" / "tr.po"
    assert pot_path.is_file(), f"{addon}: i18n/{addon}.pot is missing"
    assert po_path.is_file(), f"{addon}: i18n/tr.po is missing"
    pot = po_entries(pot_path)
    assert len(pot) > 0, f"{addon}: the .pot has no entry"
    po = po_entries(po_path)
    translated = {(e.msgctxt, e.msgid): e.msgstr for e in po if not e.obsolete and "fuzzy" not in e.flags}
    missing = [e.msgid for e in pot if not translated.get((e.msgctxt, e.msgid), "").strip()]
    assert not missing, f"{addon}: {len(missing)} msgid(s) without a Turkish msgstr in tr.po: {missing[:10]}"
