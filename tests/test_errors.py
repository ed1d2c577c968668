import inspect

import pytest

from awsbasics import errors


def _error_classes():
    return [
        obj
        for name, obj in vars(errors).items()
        if inspect.isclass(obj) and issubclass(obj, Exception) and obj.__module__ == errors.__name__
    ]


def test_every_public_error_is_exported():
    assert sorted(c.__name__ for c in _error_classes()) == sorted(errors.__all__)


@pytest.mark.parametrize("cls", [c for c in _error_classes() if c.__name__ != "RendererUnavailableError"])
def test_rule_errors_are_value_errors_under_one_base(cls):
    assert issubclass(cls, errors.AwsRuleError)
    assert issubclass(cls, ValueError)
    assert cls.__doc__ and "\n" not in cls.__doc__.strip()


def test_missing_renderer_is_not_a_rule_error():
    assert not issubclass(errors.RendererUnavailableError, ValueError)
