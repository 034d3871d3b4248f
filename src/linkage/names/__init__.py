"""Names: script detection, parsing, canonical and phonetic keys, first-name and patronymic roots.

Pure functions over strings; reference data lives under `linkage/resources/names/`.
Every spelling of a name (Юрий, Yuriy, Iurii, Jurij, Yury) gets one `name_key`; diminutives and
foreign forms share a `first_name_root`; gender forms share a `surname_stem` / `patronymic_key`.
"""

from linkage.names.keys import initials_agree, name_key
from linkage.names.parse import NameParts, split_full_name
from linkage.names.patronymic import is_patronymic, patronymic_father, patronymic_key
from linkage.names.phonetic import phonetic_key
from linkage.names.script import detect_script, to_latin
from linkage.names.variants import (
    first_name_group,
    first_name_root,
    full_first_name,
    is_first_name,
    is_given_name,
    names_meant,
    one_deleted,
    shared_form_of,
    surname_stem,
)

__all__ = [
    "NameParts", "detect_script", "first_name_group", "first_name_root", "full_first_name",
    "initials_agree", "is_first_name", "is_given_name", "is_patronymic", "name_key", "names_meant", "one_deleted", "patronymic_father", "patronymic_key", "phonetic_key", "shared_form_of", "split_full_name",
    "surname_stem", "to_latin",
]
