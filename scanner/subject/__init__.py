"""Subject access: every place holding a person's identifiers, from the state store and the live databases."""
from scanner.subject.identifiers import IDENTIFIER_TYPES, Identifier, Subject, SubjectError  # noqa: F401
from scanner.subject.report import write_subject_reports  # noqa: F401
from scanner.subject.search import Place, SubjectRequest, SubjectResult, search_subject  # noqa: F401
