"""The admin HTTP API: token, consultants and shifts, help-service import/export/search."""

from __future__ import annotations

import httpx
import pytest

from peerline_directory.main import create_app
from peerline_shared.settings import Mode

from .conftest import Directory

pytestmark = pytest.mark.integration
CSV = ("name,kinds,country,city,languages,notes,last_verified\n"
       "Центр,ost,UA,Київ,uk,Приймає без документів,2026-10-01\n"
       "Bad,ost;bingo,UA,Київ,uk,,\n"
       "Also bad,ost,Ukraine,Київ,uk,,\n")


async def test_token_is_required(directory: Directory) -> None:
    transport = directory.http._transport
    async with httpx.AsyncClient(transport=transport, base_url="http://directory") as anonymous:
        assert (await anonymous.get("/admin/consultants")).status_code == 401
        wrong = {"Authorization": "Bearer not-the-token"}
        assert (await anonymous.get("/admin/consultants", headers=wrong)).status_code == 401
        assert (await anonymous.get("/healthz")).status_code == 200
    assert (await directory.http.get("/admin/consultants")).status_code == 200


async def test_admin_api_is_in_the_openapi_docs(directory: Directory) -> None:
    # Served in development only (these tests run in production mode): the document itself.
    assert (await directory.http.get("/openapi.json")).status_code == 404
    paths = create_app(directory.settings.model_copy(update={"mode": Mode.DEV})).openapi()["paths"]
    assert {"/admin/consultants", "/admin/consultants/{consultant_id}/shifts/slots",
            "/admin/help-services/import", "/admin/on-shift"} <= set(paths)


async def test_consultants_and_shifts(directory: Directory) -> None:
    created = await directory.http.post("/admin/consultants", json={
        "alias": "Olena", "languages": ["uk", "ru"], "topics": ["ost"], "countries": ["ua"]})
    assert created.status_code == 201 and created.json()["countries"] == ["UA"]
    olena = created.json()["id"]
    duplicate = await directory.http.post("/admin/consultants", json={"alias": "Olena", "languages": ["uk"]})
    assert duplicate.status_code == 409 and duplicate.json()["error"] == "conflict"
    bad = await directory.http.post("/admin/consultants", json={"alias": "X", "languages": ["xx"]})
    assert bad.status_code == 422

    slot = await directory.http.post(f"/admin/consultants/{olena}/shifts/slots",
                                     json={"weekday": "sat", "starts": "22:00", "ends": "06:00"})
    assert slot.status_code == 201 and slot.json()["weekday"] == 5
    bad_slot = await directory.http.post(f"/admin/consultants/{olena}/shifts/slots",
                                         json={"weekday": "funday", "starts": "22:00", "ends": "06:00"})
    assert bad_slot.status_code == 422
    leave = await directory.http.post(f"/admin/consultants/{olena}/shifts/overrides", json={
        "kind": "leave", "starts": "2026-12-01T00:00", "ends": "2026-12-08T00:00"})
    assert leave.status_code == 201
    shifts = (await directory.http.get(f"/admin/consultants/{olena}/shifts")).json()
    assert len(shifts["slots"]) == 1 and shifts["overrides"][0]["kind"] == "leave"

    patched = await directory.http.patch(f"/admin/consultants/{olena}", json={"capacity": 5})
    assert patched.json()["capacity"] == 5
    on_shift = await directory.http.get("/admin/on-shift", params={"at": "2025-10-25T23:30:00+03:00"})
    assert [c["alias"] for c in on_shift.json()["consultants"]] == ["Olena"]
    missing = await directory.http.get("/admin/consultants/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404


async def test_import_is_all_or_nothing_then_search_and_export(directory: Directory) -> None:
    rejected = await directory.http.post("/admin/help-services/import", content=CSV.encode(),
                                         headers={"Content-Type": "text/csv"})
    assert rejected.status_code == 422
    assert {(e["line"], e["field"]) for e in rejected.json()["errors"]} == {(3, "kinds"), (4, "country")}
    assert (await directory.http.get("/admin/help-services")).json()["items"] == []

    good = "\n".join(CSV.splitlines()[:2]) + "\n"
    imported = await directory.http.post("/admin/help-services/import", content=good.encode())
    assert imported.json() == {"created": 1, "updated": 0}
    found = (await directory.http.get("/admin/help-services", params={"text": "метадон"})).json()
    assert [item["name"] for item in found["items"]] == ["Центр"]
    exported = await directory.http.get("/admin/help-services/export", params={"format": "yaml"})
    assert "Центр" in exported.text and "id:" in exported.text
    again = await directory.http.post("/admin/help-services/import", params={"format": "yaml"},
                                      content=exported.content)
    assert again.json() == {"created": 0, "updated": 1}
