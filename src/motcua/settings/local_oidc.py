"""The local OpenID Connect provider (django-oauth-toolkit) for development and tests only: the portal's
OIDC login is exercised end to end against it. Its signing key is made on first use under VAR_DIR."""

from .base import INSTALLED_APPS, VAR_DIR

MOTCUA_LOCAL_OIDC_PROVIDER = True
INSTALLED_APPS = [*INSTALLED_APPS, "oauth2_provider"]


def _signing_key() -> str:
    path = VAR_DIR / "local-oidc-signing-key.pem"
    if not path.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        path.chmod(0o600)
    return path.read_text()


OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _signing_key(),
    "PKCE_REQUIRED": False,
    "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail", "phone": "Phone"},
    "OAUTH2_VALIDATOR_CLASS": "motcua.accounts.local_provider.LocalProviderValidator",
}
