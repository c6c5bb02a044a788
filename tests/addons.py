"""Where the repository's addons are, for the repository checks."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__manifest__.py").is_file())
EXPECTED_ADDONS = [
    "miy_agenda",
    "miy_contacts",
    "miy_dealer_channel",
    "miy_e_invoice_bridge",
    "miy_interactions",
    "miy_quotes",
]
