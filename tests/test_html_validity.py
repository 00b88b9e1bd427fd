"""Every kind of public page is valid HTML according to the Nu Html Checker (vnu-jar from npm, run with Java)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.pages import public_pages

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.mark.django_db
def test_public_pages_are_valid_html(client, tmp_path):
    if not VNU.exists() or not shutil.which("java"):
        pytest.skip("vnu.jar oder Java fehlt: .ci/install-browser-tools installiert beides")
    call_command("load_demo", verbosity=0)
    files = {}
    for number, path in enumerate(public_pages()):
        response = client.get(path)
        assert response.status_code in (200, 400, 404), path
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(response.content)
        files[file.name] = path

    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--exit-zero-always",
            "--stdout",
            *map(str, sorted(tmp_path.iterdir())),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    problems = [
        f"{files[Path(message['url']).name]}:{message.get('lastLine')}: {message['message']}"
        for message in json.loads(result.stdout)["messages"]
        if message["type"] == "error" or message.get("subType") == "warning"
    ]
    assert problems == [], "\n".join(problems)
