"""The exercise sets of the chapter notebooks.

Each module builds its chapter's exercises from the library itself, so an
answer follows the sourced data and the engines: when a fact changes, the
expected answer changes with it. Get them with ``awsbasics.exercises.chapter("01")``.
"""

MODULES = {
    "00": "introduction",
    "01": "global_infrastructure",
    "02": "foundational_services",
    "03": "networking",
    "04": "databases",
    "05": "access_control",
    "06": "high_availability",
    "07": "infrastructure_as_code",
    "08": "caching",
    "09": "decoupling",
    "10": "microservices",
    "11": "capstone",
}
