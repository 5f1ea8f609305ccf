"""The district's mastery forms: trying a rule on scores, and the mastery and credit policy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from pathmaker.frameworks.models import Framework
from pathmaker.mastery import engine

METHOD_NAMES = {
    engine.Method.HIGHEST: gettext_lazy("Highest score"),
    engine.Method.MOST_RECENT: gettext_lazy("Most recent score"),
    engine.Method.MEAN: gettext_lazy("Mean (average) of the scores"),
    engine.Method.MODE: gettext_lazy("Mode (the score shown most often)"),
    engine.Method.N_TIMES: gettext_lazy("n times at mastery"),
    engine.Method.WEIGHTED_AVERAGE: gettext_lazy("Weighted average (the newest score weighs most)"),
    engine.Method.DECAYING_AVERAGE: gettext_lazy("Decaying average (each new score weighs most)"),
    engine.Method.POWER_LAW: gettext_lazy("Power law (the learning curve)"),
}


class RuleForm(forms.Form):
    method = forms.ChoiceField(choices=[(m.value, METHOD_NAMES[m]) for m in engine.Method])
    weight = forms.FloatField(
        initial=0.65,
        min_value=0,
        max_value=1,
        help_text="Weighted and decaying averages: what the newest score counts for.",
    )
    n = forms.IntegerField(initial=5, min_value=1, label="n", help_text="n times at mastery: scores needed.")
    mastery = forms.FloatField(initial=3.0, label="Mastery level")
    framework = forms.ModelChoiceField(
        queryset=Framework.objects.order_by("title"),
        required=False,
        help_text="Leave empty for the whole district.",
    )
    scores = forms.CharField(
        required=False, label="Try it on these scores (oldest first)", help_text="For example: 1 2 3 4"
    )

    def rule(self) -> engine.Rule:
        data = self.cleaned_data
        try:
            return engine.Rule(
                method=data["method"], weight=data["weight"], n=data["n"], mastery=data["mastery"]
            )
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_scores(self) -> list[float]:
        try:
            return [float(part) for part in self.cleaned_data["scores"].replace(",", " ").split()]
        except ValueError:
            raise forms.ValidationError(
                "Write the scores as numbers separated by spaces, like 1 2 3 4."
            ) from None


class PolicyForm(forms.Form):
    self_peer_count = forms.BooleanField(
        required=False,
        label=gettext_lazy("Count self- and peer-assessments toward mastery"),
        help_text=gettext_lazy(
            "They are always shown on a student's page. When they count, each one enters the "
            "level like a teacher's score. Changing this recomputes, in the background, the "
            "levels of every student who has one."
        ),
    )
    credit_min_share = forms.DecimalField(
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        label=gettext_lazy("Share of a course's competencies that must be proficient (%)"),
        help_text=gettext_lazy(
            "For example 80: a student earns the course's credit once at least 80% of its "
            "competencies are proficient."
        ),
    )
    credit_floor = forms.DecimalField(
        max_digits=6,
        decimal_places=2,
        label=gettext_lazy("No competency below this level"),
        help_text=gettext_lazy(
            "For example 2: no level in the course may be below 2. It is a level on the district's scale."
        ),
    )
