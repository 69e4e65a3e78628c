"""Writing the checked rows of one billing file through the ORM (billing-exchange.md, «Semantics»).

`applier_for` picks the writer the kind's declaration asks for (`FileKind.write`): per-contract
snapshots replace what the portal held for each contract; the large kinds go through a staging
table on PostgreSQL (billing_staging.py); the rest are upserted in batches: fetch the batch's rows,
compare, write. Every applier stops writing at the first refused row (billing_spec.Applier).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection, models
from django.utils import timezone

from lk_portal.exchange.columns import COPY, SNAPSHOT, STAGED, UPDATE
from lk_portal.exchange.header import TableFile
from lk_portal.exchange.problems import Problem, RowRejected

from .billing_deletes import block_accounts_of, note
from .billing_lookups import Lookups
from .billing_spec import Applier, Counts, WriteSpec
from .billing_staging import StagingApplier

__all__ = ["BATCH_SIZE", "BatchUpsertApplier", "SnapshotApplier", "UpdateApplier", "applier_for"]

BATCH_SIZE = 2000


def applier_for(table: TableFile, lookups: Lookups) -> Applier:
    """The writer of the file's rows (the COPY fast path, billing_fast.py, is tried before this one)."""
    spec = WriteSpec(table, lookups)
    write = table.kind.write
    if write == SNAPSHOT:
        return SnapshotApplier(spec)
    if write == UPDATE:
        return UpdateApplier(spec)
    if write in (STAGED, COPY) and connection.vendor == "postgresql":
        return StagingApplier(spec)
    return BatchUpsertApplier(spec)


def _write(model, counts: Counts, to_create: list, to_update: list, to_delete: list, fields: list[str]) -> None:
    """Create, update (`fields`) and delete the sorted rows; add them to the counts."""
    if to_create:
        model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        model.objects.bulk_update(to_update, fields=fields, batch_size=500)
    if to_delete:
        if model._meta.label == "lk_portal.Abonent":
            block_accounts_of(to_delete)  # kept, blocked, without the abonent (User.abonent is SET_NULL)
        note(model.objects.filter(pk__in=to_delete).delete()[1])
    counts.created += len(to_create)
    counts.updated += len(to_update)
    counts.deleted += len(to_delete)


def _changed(obj: models.Model, values: dict, fields) -> bool:
    """Set the values that differ on the object; whether any did."""
    changed = [field for field in fields if getattr(obj, field) != values[field]]
    for field in changed:
        setattr(obj, field, values[field])
    return bool(changed)


class BatchUpsertApplier(Applier):
    """Upsert by key through the ORM in batches: fetch the batch's rows, compare, write."""

    def __init__(self, spec: WriteSpec):
        super().__init__(spec)
        self.batch: list[tuple[tuple, dict | None]] = []

    def take(self, key, values):
        if self.failed:
            return
        self.batch.append((key, values))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch or self.failed:
            return
        spec = self.spec
        existing = self._existing(batch)
        to_create, to_update, to_delete = [], [], []
        for key, values in batch:
            obj = existing.get(key)
            if values is None and obj is not None:
                to_delete.append(obj.pk)
            elif values is not None and obj is None:
                to_create.append(spec.model(**values))
            elif values is not None and _changed(obj, values, values):
                to_update.append(obj)
            else:
                self.counts.unchanged += 1  # unchanged, or deleted before
        fields = [f for f in spec.fields if f not in spec.key_fields]
        _write(spec.model, self.counts, to_create, to_update, to_delete, fields)

    def _existing(self, batch) -> dict[tuple, models.Model]:
        """The batch's rows the table holds, by key."""
        key_fields = self.spec.key_fields
        lookup = {f"{key_fields[0]}__in": {key[0] for key, _ in batch}}
        return {tuple(getattr(obj, f) for f in key_fields): obj for obj in self.spec.model.objects.filter(**lookup)}

    def finish(self):
        self.flush()
        return self.counts


class SnapshotApplier(Applier):
    """Curators and payment terms: the rows for a contract replace what the portal held for it."""

    def __init__(self, spec: WriteSpec):
        super().__init__(spec)
        self.by_contract: dict[int, list[dict]] = defaultdict(list)

    def add(self, number, record):
        try:
            values = self.spec.values(record)
        except RowRejected as error:
            return self.problem(number, error)
        self.by_contract[values["contract_id"]].append(values)
        return None

    def finish(self):
        if self.failed:
            return self.counts
        fields = [f for f in self.spec.fields if f != "contract_id"] + ["sort_order"]
        held = self._held(list(self.by_contract))
        to_create, to_update, to_delete = [], [], []
        for contract_id, rows in self.by_contract.items():
            old = held.get(contract_id, [])
            for position, values in enumerate(rows):
                values = {**values, "sort_order": position}
                if position >= len(old):
                    to_create.append(self.spec.model(**values))
                elif _changed(old[position], values, fields):
                    to_update.append(old[position])
                else:
                    self.counts.unchanged += 1
            to_delete.extend(obj.pk for obj in old[len(rows) :])
        _write(self.spec.model, self.counts, to_create, to_update, to_delete, fields)
        return self.counts

    def _held(self, contract_ids: list[int]) -> dict[int, list[models.Model]]:
        """The rows the portal holds for the contracts, in their order."""
        held: dict[int, list] = defaultdict(list)
        for start in range(0, len(contract_ids), 500):
            chunk = contract_ids[start : start + 500]
            for obj in self.spec.model.objects.filter(contract_id__in=chunk).order_by(
                "contract_id", "sort_order", "id"
            ):
                held[obj.contract_id].append(obj)
        return held


class UpdateApplier(Applier):
    """Rows change records the portal holds, and create none (`FileKind.update`: reading_statuses).

    Whether a row's record exists and is in a state that may change is known only from the table,
    which is read a batch at a time; the rows refused so there are `late_problems()`, asked for
    after the last row (every wrong row of the file is reported, and nothing is written once one is).
    """

    def __init__(self, spec: WriteSpec):
        super().__init__(spec)
        self.rule = spec.table.kind.update
        self.batch: list[tuple[tuple, dict, int]] = []
        self.deferred: list[Problem] = []
        self._number = 0
        self._now = timezone.now()

    def add(self, number, record):
        self._number = number
        return super().add(number, record)

    def take(self, key, values):
        self.batch.append((key, values, self._number))
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def late_problems(self) -> list[Problem]:
        self.flush()
        return self.deferred

    def _refuse(self, number: int, key: tuple, message: str) -> None:
        self.failed = True
        spec = self.spec
        titles = ", ".join(spec.title(column) for column in spec.table.kind.key)
        self.deferred.append(Problem(spec.table.name, number, titles, " / ".join(map(str, key)), message))

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        spec, rule = self.spec, self.rule
        key_field = spec.key_fields[0]
        existing = {
            getattr(obj, key_field): obj
            for obj in spec.model.objects.filter(**{f"{key_field}__in": [key[0] for key, _, _ in batch]})
        }
        to_update = []
        for key, values, number in batch:
            obj = existing.get(key[0])
            if obj is None:
                self._refuse(number, key, rule.missing)
            elif getattr(obj, rule.field) not in rule.allowed:
                state = getattr(obj, f"get_{rule.field}_display", lambda f=rule.field, o=obj: getattr(o, f))()
                self._refuse(number, key, rule.refused.format(state=state))
            elif _changed(obj, values, values):
                if rule.stamp:
                    setattr(obj, rule.stamp, self._now)
                to_update.append(obj)
            else:
                self.counts.unchanged += 1
        if not self.failed:
            fields = [f for f in spec.fields if f not in spec.key_fields] + ([rule.stamp] if rule.stamp else [])
            _write(spec.model, self.counts, [], to_update, [], fields)

    def finish(self):
        self.flush()
        return self.counts
