"""The claims of the local OpenID Connect provider (django-oauth-toolkit, development and tests only):
what a national identity provider would say about the person logged in there."""

from oauth2_provider.oauth2_validators import OAuth2Validator


class LocalProviderValidator(OAuth2Validator):
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "citizen_id": "profile", "phone_number": "phone",
                        "phone_number_verified": "phone"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "name": user.get_full_name(),
            "citizen_id": user.personal_id,
            "email": user.email,
            "email_verified": bool(user.email),
            "phone_number": user.phone,
            "phone_number_verified": bool(user.phone),
        }
