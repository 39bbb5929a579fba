"""Every table of this service, imported in one place for Alembic."""

from peerline_directory.consultants.models import Consultant
from peerline_directory.db import Base

metadata = Base.metadata

__all__ = ["Consultant", "metadata"]
