"""The core's web layer shared by every app: forms, spreadsheets, service errors."""
