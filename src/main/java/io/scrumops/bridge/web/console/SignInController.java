package io.scrumops.bridge.web.console;

import io.scrumops.bridge.config.OidcProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page: local users' form, and the identity provider's button when OpenID Connect is configured. */
@Controller
class SignInController {

    private final OidcProperties oidc;

    SignInController(OidcProperties oidc) {
        this.oidc = oidc;
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("oidc", oidc.enabled());
        return "login";
    }
}
