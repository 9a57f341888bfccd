"""Writes for carry-forward: link a plan to the plan it replaces, pair actions, archive."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from plans.carry_forward.models import ActionPairing
from plans.carry_forward.pairing import later_plan_ids
from plans.models import Action, AuditRecord, Plan


@transaction.atomic
def plan_predecessor_link(
    *,
    plan: Plan,
    predecessor: Plan,
    pairs: dict[int, int | None],
    suggested: dict[int, tuple[int, str, float | None]] | None = None,
    linked_by: AbstractBaseUser | None,
) -> list[ActionPairing]:
    """Record that `plan` replaces `predecessor`: pair actions as the admin confirmed, and
    archive the predecessor. All or nothing; linking again replaces the plan's pairings.

    `pairs`: the plan's action id -> the predecessor's action id (None: no earlier action).
    `suggested`: what the page suggested for each action (id, how, score), so a pairing the
    admin kept is recorded as suggested and one they changed as chosen.
    Raises ValidationError (nothing written) for a plan replacing itself or a later plan of
    its own, an action of another plan, or one earlier action paired twice.
    """
    plans = {
        p.pk: p for p in Plan.objects.select_for_update().filter(pk__in=[plan.pk, predecessor.pk])
    }
    if plan.pk == predecessor.pk or predecessor.pk in later_plan_ids(plan):
        raise ValidationError({"predecessor": "A plan cannot replace itself or a later plan."})
    plan, predecessor = plans[plan.pk], plans[predecessor.pk]
    new_ids = set(Action.objects.filter(plan=plan).values_list("pk", flat=True))
    old_ids = set(Action.objects.filter(plan=predecessor).values_list("pk", flat=True))
    chosen = {new: old for new, old in pairs.items() if old is not None}
    if set(chosen) - new_ids or set(chosen.values()) - old_ids:
        raise ValidationError({"pairs": "Pair only this plan's actions with the earlier plan's."})
    if len(set(chosen.values())) != len(chosen):
        raise ValidationError(
            {"pairs": "Each earlier action can be carried on by one action only."}
        )
    suggested = suggested or {}
    ActionPairing.objects.filter(action__plan=plan).delete()
    # An earlier action carried on by another plan's action before now belongs to this one.
    ActionPairing.objects.filter(predecessor_id__in=chosen.values()).delete()
    pairings = ActionPairing.objects.bulk_create(
        [_pairing(new, old, suggested.get(new), linked_by) for new, old in sorted(chosen.items())]
    )
    plan.predecessor = predecessor
    plan._change_reason = f"replaces {predecessor.title}"[:100]
    plan.save(update_fields=["predecessor"])
    if predecessor.status != Plan.Status.ARCHIVED:
        predecessor.status = Plan.Status.ARCHIVED
        predecessor._change_reason = f"replaced by {plan.title}"[:100]
        predecessor.save(update_fields=["status"])
    AuditRecord.objects.create(
        who=linked_by,
        what="plan carried forward",
        details={
            "plan": plan.pk,
            "predecessor": predecessor.pk,
            "paired": len(pairings),
            "unpaired": len(new_ids) - len(pairings),
        },
    )
    return pairings


def _pairing(new: int, old: int, suggestion, user) -> ActionPairing:
    if suggestion is not None and suggestion[0] == old:
        how, score = suggestion[1], suggestion[2]
        how = how if how in ActionPairing.How.values else ActionPairing.How.CHOSEN
    else:
        how, score = ActionPairing.How.CHOSEN, None
    return ActionPairing(action_id=new, predecessor_id=old, how=how, score=score, paired_by=user)
