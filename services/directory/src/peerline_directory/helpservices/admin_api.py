"""/admin/help-services: search, add, delete, import and export (CSV or YAML)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status

from peerline_directory.admin.auth import AppRuntime, admin_guard
from peerline_directory.domain.helpservices import HelpServiceRecord
from peerline_directory.errors import InvalidInput, NotFound
from peerline_directory.helpservices import formats, service
from peerline_directory.helpservices.repository import HelpServiceRepository
from peerline_directory.settings import DirectorySettings
from peerline_shared.db import unit_of_work
from peerline_shared.events import HelpServicesFound, SearchHelpServices, utc_now
from peerline_shared.events.directory import HelpServiceKind
from peerline_shared.runtime import Runtime

MAX_IMPORT_BYTES = 20 * 1024 * 1024
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "yaml": "application/yaml; charset=utf-8"}
IMPORT_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "text/csv": {"schema": {"type": "string"}},
    "application/yaml": {"schema": {"type": "string"}}}}}


router = APIRouter(prefix="/admin/help-services", tags=["admin: help services"])


def help_services_router(runtime: Runtime, settings: DirectorySettings) -> APIRouter:
    """The module-level routes below behind the admin token (main.py includes what this returns;
    the routes reach the runtime through the app, `AppRuntime`)."""
    guarded = APIRouter(dependencies=[Depends(admin_guard(settings))])
    guarded.include_router(router)
    return guarded


@router.get("")
async def search(runtime: AppRuntime, text: str = "", kind: HelpServiceKind | None = None,
                 country: str | None = None, city: str | None = None, lang: str | None = None,
                 limit: Annotated[int, Query(ge=1, le=50)] = 10) -> HelpServicesFound:
    query = SearchHelpServices.model_validate(
        {"text": text, "kind": kind, "country": country, "city": city, "lang": lang, "limit": limit})
    async with runtime.sessions() as session:
        return await service.search(HelpServiceRepository(session), query, utc_now().date())


@router.post("", status_code=status.HTTP_201_CREATED)
async def add(record: HelpServiceRecord, runtime: AppRuntime) -> dict[str, int]:
    async with unit_of_work(runtime.sessions) as session:
        summary = await service.import_records(HelpServiceRepository(session), [record], utc_now())
    return {"created": summary.created, "updated": summary.updated}


@router.delete("/{service_id}", status_code=status.HTTP_204_NO_CONTENT)
async def delete(service_id: uuid.UUID, runtime: AppRuntime) -> None:
    async with unit_of_work(runtime.sessions) as session:
        if not await HelpServiceRepository(session).delete(service_id):
            raise NotFound(f"no help service {service_id}")


@router.post("/import", openapi_extra=IMPORT_BODY)
async def import_file(request: Request, runtime: AppRuntime, format: formats.Format = "csv",
                      replace: bool = False) -> dict[str, int]:
    """All or nothing: any bad line gives 422 with every error by line and field."""
    data = await request.body()
    if len(data) > MAX_IMPORT_BYTES:
        raise InvalidInput(f"file larger than {MAX_IMPORT_BYTES} bytes")
    validated = formats.read(data, format)
    if not validated.ok:
        raise InvalidInput(f"{len(validated.errors)} error(s); nothing imported", errors=[
            {"line": e.line, "field": e.field, "message": e.message} for e in validated.errors])
    async with unit_of_work(runtime.sessions) as session:
        summary = await service.import_records(HelpServiceRepository(session),
                                               validated.records, utc_now(), replace=replace)
    return {"created": summary.created, "updated": summary.updated}


@router.get("/export")
async def export(runtime: AppRuntime, format: formats.Format = "csv") -> Response:
    async with runtime.sessions() as session:
        records = await service.export_records(HelpServiceRepository(session))
    return Response(formats.write(records, format), media_type=MEDIA_TYPES[format])
