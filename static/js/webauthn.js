// Security keys (django-otp-webauthn): once a key is registered, continue to the next step
// (recovery codes on a first enrolment) by posting the page's hidden form. No inline code: CSP.
document.addEventListener("otp_webauthn.register_complete", function () {
  var form = document.getElementById("passkey-added-form");
  if (form) { form.submit(); }
});
