from django.urls import path

from motcua.accounts.oidc import LoginCallbackView, LoginStartView

from .views import accounts, dossiers, home, payments, submission, tracking, vault

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    # accounts
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("register/", accounts.register, name="register"),
    path("verify/", accounts.verify, name="verify"),
    path("verify/resend/", accounts.resend, name="verify_resend"),
    path("oidc/start/", LoginStartView.as_view(), name="oidc_start"),
    path("oidc/callback/", LoginCallbackView.as_view(), name="oidc_callback"),
    # online submission
    path("submit/", submission.choose, name="choose"),
    path("submit/<str:code>/", submission.start, name="start"),
    path("drafts/<uuid:reference>/", submission.draft, name="draft"),
    path("drafts/<uuid:reference>/autosave/", submission.autosave, name="autosave"),
    path("drafts/<uuid:reference>/review/", submission.review, name="review"),
    path("drafts/<uuid:reference>/submit/", submission.submit, name="submit"),
    # the applicant's dossiers
    path("dossiers/", dossiers.dossier_list, name="dossiers"),
    path("dossiers/<uuid:reference>/", dossiers.dossier_detail, name="dossier"),
    path("dossiers/<uuid:reference>/mau-01.pdf", dossiers.receipt_pdf, name="receipt_pdf"),
    path("dossiers/<uuid:reference>/mau-02.pdf", dossiers.supplementation_pdf, name="supplementation_pdf"),
    path("dossiers/<uuid:reference>/supplement/", dossiers.supplement, name="supplement"),
    path("dossiers/<uuid:reference>/result/", dossiers.result_file, name="result_file"),
    path("dossiers/<uuid:reference>/result/keep/", dossiers.keep_result, name="keep_result"),
    path("dossiers/<uuid:reference>/components/<int:pk>/", dossiers.component_file, name="component_file"),
    path("dossiers/<uuid:reference>/delivery/", dossiers.delivery, name="delivery"),
    path("dossiers/<uuid:reference>/rate/", dossiers.rate, name="rate"),
    path("dossiers/<uuid:reference>/pay/", payments.pay, name="pay"),
    path("rate/<str:token>/", dossiers.rate_link, name="rate_link"),
    # payments
    path("payments/ipn/", payments.ipn, name="payment_ipn"),
    path("payments/return/", payments.payment_return, name="payment_return"),
    path("payments/<str:order_ref>/receipt/", payments.receipt, name="payment_receipt"),
    path("payment-sandbox/", payments.sandbox, name="payment_sandbox"),
    # public tracking and the vault
    path("track/", tracking.track, name="track"),
    path("vault/", vault.vault, name="vault"),
    path("vault/<int:pk>/file/", vault.vault_file, name="vault_file"),
    path("vault/<int:pk>/remove/", vault.vault_remove, name="vault_remove"),
]
