"""Amazon Cognito user pools and identity pools, as a small teaching model.

**This is a teaching model, not an emulator.** It keeps the parts that decide
who gets access and leaves out the rest (no real JWT signing, no password
policy, MFA, hosted UI, Lambda triggers, developer-authenticated or social
identities, enhanced-flow scope-down policies for guests, Control Tower's
detective controls):

* :class:`UserPool` - a user directory: :meth:`UserPool.sign_in` checks a
  password and returns :class:`Tokens` (the claims of the ID and access
  tokens). That is *authentication*.
* :class:`IdentityPool` - trades tokens (or nothing, for a guest) for a role
  session: the role's trust policy must allow ``sts:AssumeRoleWithWebIdentity``
  for the Federated principal ``cognito-identity.amazonaws.com`` with the pool's
  ``aud`` and ``amr`` values. Requests made with the session are evaluated with
  the role's policies. That is *authorization*.

    >>> from awsbasics.iam.identities import Account
    >>> pool = UserPool("shop-users", region="ap-northeast-2")
    >>> app = pool.add_app_client("web")
    >>> _ = pool.add_user("jane", "correct horse")
    >>> pool.sign_in("jane", "correct horse", client=app).id_token["cognito:username"]
    'jane'

https://docs.aws.amazon.com/cognito/latest/developerguide/what-is-amazon-cognito.html
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re
import reprlib
import uuid
from dataclasses import dataclass, field

from awsbasics import data
from awsbasics._checks import is_int
from awsbasics._protocol import Rendered
from awsbasics.errors import FederationError
from awsbasics.iam.evaluation import Decision, evaluate
from awsbasics.iam.identities import (
    AccessDeniedError,
    Account,
    Role,
    RoleSession,
)
from awsbasics.iam.request import Request

__all__ = [
    "FederationError",
    "UserPool",
    "AppClient",
    "Tokens",
    "IdentityPool",
    "WebIdentityCheck",
    "check_web_identity",
    "COGNITO_IDENTITY",
    "TEACHING_MODEL",
]

TEACHING_MODEL = "teaching model: Cognito and Organizations reduced to the steps that decide access"
COGNITO_IDENTITY = "cognito-identity.amazonaws.com"
WEB_IDENTITY_ACTION = "sts:AssumeRoleWithWebIdentity"
_ID_TOKEN = data.value("identity", "cognito_id_token_validity_seconds")
_REFRESH_TOKEN = data.value("identity", "cognito_refresh_token_validity_seconds")
CREDENTIALS_SECONDS: int = data.value("identity", "cognito_identity_pool_credentials_seconds")
_RESERVED = data.value("identity", "cognito_reserved_claims")
RESERVED_CLAIMS: frozenset = frozenset(_RESERVED["claims"])
RESERVED_CLAIM_PREFIXES: tuple = tuple(_RESERVED["prefixes"])
_ATTRIBUTES = data.value("identity", "cognito_user_attributes")
_PASSWORD_MAX: int = data.value("identity", "cognito_password_max_chars")
_PRECEDENCE_MAX = 2**31 - 1  # Cognito's Precedence is a non-negative 32-bit integer
_NAMESPACE = uuid.UUID("6f1b3b56-3f0e-4c55-9d52-6a0d7c1e4f10")  # fixed: the same names give the same IDs
_USERNAME = re.compile(r"[\w.@+-]{1,128}")
_CLIENT_NAME = re.compile(r"[\w\s+=,.@-]{1,128}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d", re.ASCII)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _now(at) -> dt.datetime:
    if at is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    if not isinstance(at, dt.datetime):
        raise TypeError(f"at must be a datetime, not {type(at).__name__}")
    return at if at.tzinfo else at.replace(tzinfo=dt.UTC)


def _seconds(moment: dt.datetime) -> int:
    return int((moment - _EPOCH).total_seconds())


def _short_id(text: str, length: int, alphabet: str) -> str:
    digest = hashlib.sha256(text.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:length])


def _check_str(value, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{what} must be str, not {type(value).__name__}")
    return value


def _count(value: int) -> str:
    """An int with thousands separators, shortened when it is too long to read."""
    return f"{value:,}" if abs(value) < 10**18 else reprlib.repr(value)


def _names(values, what: str) -> list[str]:
    """A list of names from a list, tuple or set (a single str is refused: it is not a list of names)."""
    if isinstance(values, (str, bytes)) or not isinstance(values, (list, tuple, set, frozenset)):
        raise TypeError(f"{what} must be a list of names, not {type(values).__name__}")
    return [_check_str(v, f"each of {what}") for v in values]


def _user_attributes(attributes) -> dict:
    """Checked user attributes: no reserved token claim, bounded names and values."""
    if attributes is None:
        return {}
    if not isinstance(attributes, dict):
        raise TypeError(f"attributes must be a dict of attribute name -> value, not {type(attributes).__name__}")
    if len(attributes) > _ATTRIBUTES["max_attributes"]:
        raise FederationError(
            f"{len(attributes):,} attributes given; this model keeps at most "
            f"{_ATTRIBUTES['max_attributes']} per user (a user pool has up to 50 custom attributes)"
        )
    checked = {}
    for name, value in attributes.items():
        _check_str(name, "an attribute name")
        if not 1 <= len(name) <= _ATTRIBUTES["max_name_chars"]:
            raise FederationError(
                f"attribute name {reprlib.repr(name)} has {len(name):,} characters; names are 1 to "
                f"{_ATTRIBUTES['max_name_chars']} characters, e.g. 'email' or 'custom:team'"
            )
        if name in RESERVED_CLAIMS or name.startswith(RESERVED_CLAIM_PREFIXES):
            raise FederationError(
                f"attribute {name!r} is a reserved token claim: Cognito sets {name!r} itself (the token's subject, "
                "issuer, audience, lifetime, user name, groups and roles), so a user attribute cannot add or "
                "override it; store your own data in a custom attribute such as 'custom:team'"
            )
        if isinstance(value, bool) or isinstance(value, int):
            if (
                isinstance(value, int)
                and not isinstance(value, bool)
                and abs(value) >= 10 ** _ATTRIBUTES["max_value_chars"]
            ):
                raise FederationError(
                    f"attribute {name!r}: a number of more than "
                    f"{_ATTRIBUTES['max_value_chars']:,} digits is not an attribute value"
                )
        elif isinstance(value, str):
            if len(value) > _ATTRIBUTES["max_value_chars"]:
                raise FederationError(
                    f"attribute {name!r}: a value of {len(value):,} characters is longer than the "
                    f"{_ATTRIBUTES['max_value_chars']:,} Cognito keeps for a string attribute"
                )
        else:
            raise TypeError(f"attribute {name!r}: a value is str, bool or int, not {type(value).__name__}")
        checked[name] = value
    return checked


# --- user pools ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AppClient:
    """An app client of a user pool: its ID is the ``aud`` of the ID tokens it receives."""

    name: str
    client_id: str
    id_token_validity_seconds: int
    refresh_token_validity_seconds: int


@dataclass(frozen=True, slots=True)
class Tokens(Rendered):
    """What a user pool returns at sign-in: the claims of the ID and access tokens, and a refresh token.

    Real tokens are signed JWTs; here only their claims are kept.
    """

    id_token: dict
    access_token: dict
    refresh_token: str
    expires_in_seconds: int

    _view_ = "identity.tokens_view"

    @property
    def issuer(self) -> str:
        return self.id_token["iss"]

    @property
    def expires_at(self) -> dt.datetime:
        return _EPOCH + dt.timedelta(seconds=self.id_token["exp"])

    def text(self) -> str:
        """Whose tokens, from which pool and app client, for how long; then the claims of each token."""
        claims = self.id_token
        groups = ", ".join(claims.get("cognito:groups", ())) or "none"
        id_claims = json.dumps(self.id_token, indent=2, ensure_ascii=False)
        access_claims = json.dumps(self.access_token, indent=2, ensure_ascii=False)
        return (
            f"tokens for {claims['cognito:username']} from {claims['iss']} (app client {claims['aud']}), "
            f"groups: {groups}; ID and access tokens valid for {self.expires_in_seconds:,} s\n"
            f"ID token claims:\n{id_claims}\nAccess token claims:\n{access_claims}"
        )


@dataclass
class _PoolUser:
    username: str
    password_digest: bytes
    sub: str
    attributes: dict
    groups: list = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _PoolGroup:
    name: str
    role: Role | None
    precedence: int


class UserPool:
    """A Cognito user pool (teaching model): a directory that signs users in and issues tokens.

    Args:
        name: the pool's name; its ID (``REGION_xxxxxxxxx``) is derived from it.
        region: the Region of the pool (it appears in the issuer URL).
    """

    def __init__(self, name: str, *, region: str = "ap-northeast-2"):
        _check_str(name, "name")
        _check_str(region, "region")
        if not _REGION.fullmatch(region):
            raise FederationError(f"{region!r} is not a Region code such as 'ap-northeast-2'")
        self.name, self.region = name, region
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        self.id = f"{region}_{_short_id(name, 9, alphabet)}"
        self._users: dict[str, _PoolUser] = {}
        self._clients: dict[str, AppClient] = {}
        self._groups: dict[str, _PoolGroup] = {}

    @property
    def issuer(self) -> str:
        """The ``iss`` claim of its tokens."""
        return f"https://cognito-idp.{self.region}.amazonaws.com/{self.id}"

    @property
    def provider_name(self) -> str:
        """How an identity pool names this user pool as a provider."""
        return f"cognito-idp.{self.region}.amazonaws.com/{self.id}"

    def __repr__(self) -> str:
        return f"<UserPool {self.id} ({self.name}): {len(self._users)} users, {len(self._clients)} app clients>"

    def add_app_client(
        self,
        name: str,
        *,
        id_token_validity_seconds: int = _ID_TOKEN["default"],
        refresh_token_validity_seconds: int = _REFRESH_TOKEN["default"],
    ) -> AppClient:
        """Register an app; token lifetimes must be within Cognito's ranges."""
        _check_str(name, "name")
        if not _CLIENT_NAME.fullmatch(name):
            raise FederationError(
                f"{reprlib.repr(name)} is not an app client name: 1 to 128 letters, digits, spaces and + = , . @ -"
            )
        if any(c.name == name for c in self._clients.values()):
            raise FederationError(f"user pool {self.id} already has an app client named {name!r}")
        for value, limits, what in (
            (id_token_validity_seconds, _ID_TOKEN, "an ID token"),
            (refresh_token_validity_seconds, _REFRESH_TOKEN, "a refresh token"),
        ):
            if not is_int(value):
                raise TypeError(f"{what} validity must be an int number of seconds, not {type(value).__name__}")
            value = int(value)
            if not limits["minimum"] <= value <= limits["maximum"]:
                raise FederationError(
                    f"{what} validity of {_count(value)} s is outside {limits['minimum']:,} to "
                    f"{limits['maximum']:,} s, the range Cognito allows"
                )
        client_id = _short_id(f"{self.id}/{name}", 26, "abcdefghijklmnopqrstuvwxyz0123456789")
        client = AppClient(name, client_id, id_token_validity_seconds, refresh_token_validity_seconds)
        self._clients[client_id] = client
        return client

    def add_group(self, name: str, *, role: Role | None = None, precedence: int = 0) -> None:
        """A user pool group; its optional IAM role goes into the ID token (``cognito:roles``)."""
        _check_str(name, "name")
        if not _USERNAME.fullmatch(name):
            raise FederationError(
                f"{reprlib.repr(name)} is not a group name this model accepts: 1 to 128 letters, digits and _ . @ + -"
            )
        if role is not None and not isinstance(role, Role):
            raise TypeError(f"role must be a Role or None, not {type(role).__name__}")
        if not is_int(precedence):
            raise TypeError(f"precedence must be int, not {type(precedence).__name__}")
        precedence = int(precedence)
        if not 0 <= precedence <= _PRECEDENCE_MAX:
            raise FederationError(
                f"precedence={reprlib.repr(precedence)}: a group's precedence is a whole number from 0 to "
                f"{_PRECEDENCE_MAX:,} (lower wins)"
            )
        if name in self._groups:
            raise FederationError(f"user pool {self.id} already has a group {name!r}")
        self._groups[name] = _PoolGroup(name, role, precedence)

    def add_user(self, username: str, password: str, *, groups=(), attributes: dict | None = None) -> str:
        """Add a confirmed user; returns its ``sub`` (a stable UUID, unlike the user name)."""
        _check_str(username, "username")
        _check_str(password, "password")
        if not _USERNAME.fullmatch(username):
            raise FederationError(
                f"{reprlib.repr(username)} is not a user name this model accepts: 1 to 128 "
                "letters, digits and _ . @ + -"
            )
        if username.lower() in self._users:
            raise FederationError(f"user {username!r} already exists in user pool {self.id}")
        if len(password) > _PASSWORD_MAX:
            raise FederationError(
                f"a password of {len(password):,} characters is longer than the {_PASSWORD_MAX} Cognito accepts"
            )
        names = _names(groups, "groups")
        missing = [g for g in names if g not in self._groups]
        if missing:
            raise FederationError(
                f"user pool {self.id} has no group {reprlib.repr(missing[0])}; add it with add_group first"
            )
        if len(set(names)) != len(names):
            twice = next(g for g in names if names.count(g) > 1)
            raise FederationError(f"group {twice!r} is listed twice; a user is in a group once")
        checked = _user_attributes(attributes)
        sub = str(uuid.uuid5(_NAMESPACE, f"{self.id}/{username}"))
        digest = hashlib.sha256(f"{sub}:{password}".encode("utf-8", "surrogatepass")).digest()
        self._users[username.lower()] = _PoolUser(username, digest, sub, checked, names)
        return sub

    def sign_in(self, username: str, password: str, *, client: AppClient, at: dt.datetime | None = None) -> Tokens:
        """Authenticate a user and return the tokens (the ID token says who signed in).

        Raises:
            AccessDeniedError: a wrong user name or password (the same message for both,
                so the answer does not reveal which user names exist).
            FederationError: the app client is not one of this pool's.
        """
        _check_str(username, "username")
        _check_str(password, "password")
        if not isinstance(client, AppClient) or self._clients.get(client.client_id) != client:
            raise FederationError(f"{client!r} is not an app client of user pool {self.id}")
        user = self._users.get(username.lower())
        given = hashlib.sha256(f"{user.sub if user else ''}:{password}".encode("utf-8", "surrogatepass")).digest()
        if user is None or not hmac.compare_digest(given, user.password_digest):
            raise AccessDeniedError("NotAuthorizedException: Incorrect username or password.")
        now = _seconds(_now(at))
        expires = now + client.id_token_validity_seconds
        groups = sorted((self._groups[g] for g in user.groups), key=lambda g: (g.precedence, g.name))
        id_token = {
            "sub": user.sub,
            "aud": client.client_id,
            "token_use": "id",
            "auth_time": now,
            "iss": self.issuer,
            "cognito:username": user.username,
            "iat": now,
            "exp": expires,
            **user.attributes,
        }
        if groups:
            id_token["cognito:groups"] = [g.name for g in groups]
            roles = [g.role.arn for g in groups if g.role is not None]
            if roles:
                id_token["cognito:roles"] = roles
                id_token["cognito:preferred_role"] = roles[0]  # the lowest precedence value wins
        access_token = {
            "sub": user.sub,
            "token_use": "access",
            "client_id": client.client_id,
            "username": user.username,
            "iss": self.issuer,
            "iat": now,
            "exp": expires,
            "scope": "aws.cognito.signin.user.admin",
        }
        if groups:
            access_token["cognito:groups"] = [g.name for g in groups]
        refresh = _short_id(f"{user.sub}/{client.client_id}/{now}", 32, "abcdef0123456789")
        return Tokens(id_token, access_token, refresh, client.id_token_validity_seconds)


# --- identity pools ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WebIdentityCheck(Rendered):
    """The trust-policy check of ``sts:AssumeRoleWithWebIdentity`` for an identity pool's role.

    The requester is the web identity provider ``cognito-identity.amazonaws.com``,
    which the role's trust policy names as a Federated principal; its conditions
    (``aud``, ``amr``) are evaluated against the token's context.
    """

    role: Role
    decision: Decision

    _view_ = "identity.check_view"

    @property
    def allowed(self) -> bool:
        return self.decision.allowed

    @property
    def reason(self) -> str:
        if self.allowed:
            return f"the trust policy of role {self.role.name} allows {WEB_IDENTITY_ACTION} for this identity"
        if self.decision.decision == "ExplicitDeny":
            why = "a Deny statement of its trust policy applies"
        else:
            label, _ = self.decision.policies[0]
            statuses = self.decision.statuses(label)
            why = "; ".join(f"{statement.label}: {reason}" for statement, _, reason in statuses if reason)
        return f"AccessDenied: Not authorized to perform {WEB_IDENTITY_ACTION} on role {self.role.name}: {why}"

    @property
    def verdict(self) -> str:
        """``ALLOWED:`` or ``DENIED:`` and the reason."""
        return ("ALLOWED: " if self.allowed else "DENIED: ") + self.reason

    def text(self) -> str:
        """The verdict, then the evaluation of the trust policy."""
        return f"{self.verdict}\n{self.decision.text()}"


def check_web_identity(role: Role, context: dict) -> WebIdentityCheck:
    """Whether ``role``'s trust policy lets an identity pool assume it for a web identity with ``context``."""
    request = Request(WEB_IDENTITY_ACTION, role.arn, principal=COGNITO_IDENTITY, context=context)
    return WebIdentityCheck(role, evaluate(request, resource_policy=role.trust_policy))


class IdentityPool:
    """A Cognito identity pool (teaching model): tokens or a guest -> temporary credentials for a role.

    Args:
        name: the pool's name; its ID (``REGION:uuid``) is derived from it.
        account: the :class:`~awsbasics.iam.identities.Account` its roles live in.
        providers: ``(UserPool, AppClient)`` pairs whose ID tokens it accepts.
        authenticated_role: the role for signed-in users.
        unauthenticated_role: the role for guests; ``None`` turns guest access off.
        role_from_token: use the ID token's ``cognito:preferred_role`` when it has one.
    """

    def __init__(
        self,
        name: str,
        *,
        account: Account,
        region: str = "ap-northeast-2",
        providers=(),
        authenticated_role: Role,
        unauthenticated_role: Role | None = None,
        role_from_token: bool = False,
    ):
        _check_str(name, "name")
        _check_str(region, "region")
        if not _REGION.fullmatch(region):
            raise FederationError(f"{reprlib.repr(region)} is not a Region code such as 'ap-northeast-2'")
        if not isinstance(role_from_token, bool):
            raise TypeError(f"role_from_token must be True or False, not {type(role_from_token).__name__}")
        if not isinstance(account, Account):
            raise TypeError(f"account must be an Account, not {type(account).__name__}")
        for role in (authenticated_role, unauthenticated_role):
            if role is not None and (not isinstance(role, Role) or role.account is not account):
                raise FederationError(f"{role!r} is not a role of account {account.id}")
        if isinstance(providers, (str, bytes, dict)) or not isinstance(providers, (list, tuple)):
            raise TypeError(f"providers is a list of (UserPool, AppClient) pairs, not {type(providers).__name__}")
        self.providers = {}
        for pair in providers:
            if not isinstance(pair, (list, tuple)) or len(pair) != 2:
                raise TypeError("providers holds (UserPool, AppClient) pairs")
            pool, client = pair
            if not isinstance(pool, UserPool) or not isinstance(client, AppClient):
                raise TypeError("providers holds (UserPool, AppClient) pairs")
            if pool._clients.get(client.client_id) != client:
                raise FederationError(f"app client {client.name!r} is not an app client of user pool {pool.id}")
            self.providers[pool.issuer] = (pool, client)
        self.name, self.account, self.region = name, account, region
        self.id = f"{region}:{uuid.uuid5(_NAMESPACE, f'{account.id}/{region}/{name}')}"
        self.authenticated_role = authenticated_role
        self.unauthenticated_role = unauthenticated_role
        self.role_from_token = role_from_token

    def __repr__(self) -> str:
        return f"<IdentityPool {self.id} ({self.name})>"

    def identity_id(self, tokens: Tokens | None = None) -> str:
        """The identity ID Cognito keeps for this user (or a guest) in this pool."""
        who = "guest" if tokens is None else tokens.id_token["sub"]
        return f"{self.region}:{uuid.uuid5(_NAMESPACE, f'{self.id}/{who}')}"

    def _choose_role(self, tokens: Tokens | None) -> tuple[Role, list[str]]:
        if tokens is None:
            if self.unauthenticated_role is None:
                raise AccessDeniedError(
                    f"NotAuthorizedException: unauthenticated access is not supported for identity pool {self.id}"
                )
            return self.unauthenticated_role, ["unauthenticated"]
        if not isinstance(tokens, Tokens):
            raise TypeError(
                f"tokens must be Tokens from UserPool.sign_in, or None for a guest, not {type(tokens).__name__}"
            )
        provider = self.providers.get(tokens.issuer)
        if provider is None:
            raise AccessDeniedError(
                f"NotAuthorizedException: Invalid login token. Issuer {tokens.issuer} is not a "
                f"provider of identity pool {self.id}"
            )
        pool, client = provider
        if tokens.id_token["aud"] != client.client_id:
            raise AccessDeniedError(
                f"NotAuthorizedException: Invalid login token. App client {tokens.id_token['aud']} "
                f"is not configured for identity pool {self.id}"
            )
        role = self.authenticated_role
        preferred = tokens.id_token.get("cognito:preferred_role")
        if self.role_from_token and preferred:
            chosen = next((r for r in self.account.roles if r.arn == preferred), None)
            if chosen is None:
                raise AccessDeniedError(
                    f"the token's preferred role {preferred} is not a role of account {self.account.id}"
                )
            role = chosen
        amr = ["authenticated", pool.provider_name, f"{pool.provider_name}:CognitoSignIn:{tokens.id_token['sub']}"]
        return role, amr

    def check(self, tokens: Tokens | None = None, *, at: dt.datetime | None = None) -> WebIdentityCheck:
        """The trust-policy check the identity pool's request to STS would meet (raises for a bad token)."""
        role, _, context = self._context(tokens, at)
        return check_web_identity(role, context)

    def _context(self, tokens, at):
        role, amr = self._choose_role(tokens)
        if tokens is not None and _seconds(_now(at)) >= tokens.id_token["exp"]:
            raise AccessDeniedError(
                f"NotAuthorizedException: Invalid login token. Token expired at {tokens.expires_at.isoformat()}"
            )
        context = {
            f"{COGNITO_IDENTITY}:aud": self.id,
            f"{COGNITO_IDENTITY}:amr": amr,
            f"{COGNITO_IDENTITY}:sub": self.identity_id(tokens),
        }
        return role, amr, context

    def get_credentials(self, tokens: Tokens | None = None, *, at: dt.datetime | None = None) -> RoleSession:
        """Temporary credentials for a role, as a :class:`~awsbasics.iam.identities.RoleSession`.

        Requests made with the session are evaluated with the role's policies; the
        session carries the ``cognito-identity.amazonaws.com:sub`` key (the identity
        ID), so a policy can give each user a prefix of their own.

        Raises:
            AccessDeniedError: guest access is off, the token is not from a configured
                provider or has expired, or the role's trust policy does not allow it.
        """
        role, _, context = self._context(tokens, at)
        check = check_web_identity(role, context)
        if not check.allowed:
            raise AccessDeniedError(check.reason, check.decision)
        who = "a guest" if tokens is None else tokens.id_token["cognito:username"]
        return RoleSession(
            role,
            "CognitoIdentityCredentials",
            session_policy=None,
            duration_seconds=CREDENTIALS_SECONDS,
            source=f"identity pool {self.name} for {who} ({context[f'{COGNITO_IDENTITY}:sub']})",
            extra_context=context,
        )

    def trust_policy(self, *, authenticated: bool = True) -> dict:
        """The trust policy document a role for this pool needs (as the Cognito guide shows it)."""
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": COGNITO_IDENTITY},
                    "Action": WEB_IDENTITY_ACTION,
                    "Condition": {
                        "StringEquals": {f"{COGNITO_IDENTITY}:aud": self.id},
                        "ForAnyValue:StringLike": {
                            f"{COGNITO_IDENTITY}:amr": "authenticated" if authenticated else "unauthenticated"
                        },
                    },
                }
            ],
        }
