"""Synthetic casualty lists with ground truth: people, households, and noisy mentions of them.

Reads the generator's own tables in resources/generator/ (names, regions, diminutives, Latin
forms, keyboards, ranks and units; never the matcher's tables) and writes mentions.csv,
truth.csv and family.csv. Every rate is a field of GeneratorConfig; docs/generator.md
tabulates the noise model.

The stages, in the order generate_dataset runs them: tables (load resources), people
(people, then households), render (names via spelling, dates via lifespans, places), dataset
(frames and CSVs). habits (initials, familiar forms, name order) and pages (source_url, group
pages) serve render and dataset; vary draws a whole noise model from a seed (`--vary`). wwii is
the preset of WWII loss records (`--era wwii`), whose archive-only habits (places as raion,
village or conscription office, missing-since dates, units) live in archive.
"""

from linkage.generate.archive import ArchiveHabits
from linkage.generate.capture import CaptureConfig, draw_named, histories, mentions_of
from linkage.generate.config import (
    DEFAULT_DATE_FORMATS,
    DEFAULT_SCHEMES,
    DEFAULT_SOURCES,
    GERMAN,
    GeneratorConfig,
    SourceHabits,
)
from linkage.generate.dataset import (
    FAMILY_COLUMNS,
    GENERATOR_CONFIG,
    MENTION_COLUMNS,
    POPULATION_COLUMNS,
    TRUTH_COLUMNS,
    Dataset,
    generate,
    generate_dataset,
    write_dataset,
)
from linkage.generate.render import PRECISIONS, REGION_FORMS, TYPO_KINDS
from linkage.generate.vary import config_from_json, config_to_json, draw_config, read_config
from linkage.generate.wwii import wwii_config

__all__ = [
    "DEFAULT_DATE_FORMATS", "DEFAULT_SCHEMES", "DEFAULT_SOURCES", "FAMILY_COLUMNS",
    "GENERATOR_CONFIG", "GERMAN", "MENTION_COLUMNS", "POPULATION_COLUMNS", "PRECISIONS",
    "REGION_FORMS", "TRUTH_COLUMNS", "TYPO_KINDS", "ArchiveHabits", "CaptureConfig", "Dataset", "GeneratorConfig",
    "SourceHabits", "config_from_json", "config_to_json", "draw_config", "draw_named", "generate",
    "generate_dataset", "histories", "mentions_of", "read_config", "write_dataset", "wwii_config"
]
