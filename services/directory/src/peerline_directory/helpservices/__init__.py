"""The directory of help services for referrals: storage, import/export, search."""
