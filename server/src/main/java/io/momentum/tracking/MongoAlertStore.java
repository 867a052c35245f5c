package io.momentum.tracking;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.momentum.alerts.Alert;
import io.momentum.alerts.AlertState;
import io.momentum.alerts.AlertStore;
import io.momentum.alerts.Delivery;
import io.momentum.experiment.AlertsDefinition.Condition;
import io.momentum.experiment.WireName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The {@link AlertStore} in MongoDB: {@code alert_states} (one document per rule and experiment, changed only by a
 * compare-and-set on its episode), {@code alerts} ({@code _id} = rule|experiment|episode) and {@code alert_deliveries}
 * ({@code _id} = alert id|destination, claimed with findOneAndUpdate). Unique ids make a second insert a no-op, so
 * several servers and restarts store every alert and delivery once.
 */
public final class MongoAlertStore implements AlertStore {
    public static final String STATES = "alert_states";
    public static final String ALERTS = "alerts";
    public static final String DELIVERIES = "alert_deliveries";
    private static final String ID = "_id";

    private final MongoCollection<Document> states;
    private final MongoCollection<Document> alerts;
    private final MongoCollection<Document> deliveries;

    public MongoAlertStore(MongoDatabase database) {
        this.states = database.getCollection(STATES);
        this.alerts = database.getCollection(ALERTS);
        this.deliveries = database.getCollection(DELIVERIES);
    }

    public void createIndexes() {
        alerts.createIndex(Indexes.descending("fired_at"));
        deliveries.createIndex(Indexes.ascending("status", "next_at"));
        deliveries.createIndex(Indexes.ascending("alert"));
    }

    @Override
    public Optional<AlertState> state(String key) {
        return Optional.ofNullable(states.find(Filters.eq(ID, key)).first()).map(MongoAlertStore::state);
    }

    @Override
    public boolean change(Optional<AlertState> expected, AlertState next) {
        if (expected.isEmpty()) {
            return insertOnce(states, document(next));
        }
        Bson same = Filters.and(Filters.eq(ID, next.key()), Filters.eq("episode", expected.get().episode()));
        return states.updateOne(same, Updates.combine(Updates.set("state", next.state()), Updates.set("alerting", next.alerting()),
                Updates.set("episode", next.episode()), Updates.set("since", Date.from(next.since())))).getModifiedCount() == 1;
    }

    @Override
    public boolean record(AlertState state, Alert alert, List<String> destinations, Instant now) {
        boolean stored = insertOnce(alerts, new Document(ID, alert.id()).append("rule", alert.rule()).append("condition", alert.condition().wire())
                .append("experiment", alert.experiment()).append("state", alert.state()).append("fired_at", Date.from(alert.firedAt()))
                .append("summary", alert.summary()).append("details", new Document(alert.details())));
        for (String destination : destinations) {
            insertOnce(deliveries, new Document(ID, alert.id() + "|" + destination).append("alert", alert.id())
                    .append("destination", destination).append("status", Delivery.Status.PENDING.wire()).append("attempts", 0)
                    .append("next_at", Date.from(now)).append("created_at", Date.from(now)));
        }
        states.updateOne(Filters.and(Filters.eq(ID, state.key()), Filters.eq("episode", state.episode())),
                Updates.set("recorded", state.episode()));
        return stored;
    }

    @Override
    public Optional<Claim> claimDue(Instant now, Duration lease) {
        Document claimed = deliveries.findOneAndUpdate(
                Filters.and(Filters.eq("status", Delivery.Status.PENDING.wire()), Filters.lte("next_at", Date.from(now))),
                Updates.combine(Updates.set("next_at", Date.from(now.plus(lease))), Updates.inc("attempts", 1)),
                new FindOneAndUpdateOptions().sort(Sorts.ascending("next_at")).returnDocument(ReturnDocument.AFTER));
        if (claimed == null) {
            return Optional.empty();
        }
        Document alert = alerts.find(Filters.eq(ID, claimed.getString("alert"))).first();
        if (alert == null) {
            // Deliveries are written after their alert; without it there is nothing to send.
            attemptFailed(claimed.getString(ID), Optional.empty(), "the alert of this delivery is missing", Optional.empty());
            return Optional.empty();
        }
        return Optional.of(new Claim(delivery(claimed), alert(alert)));
    }

    @Override
    public void delivered(String deliveryId, Instant at, int status) {
        deliveries.updateOne(Filters.eq(ID, deliveryId), Updates.combine(Updates.set("status", Delivery.Status.DELIVERED.wire()),
                Updates.set("delivered_at", Date.from(at)), Updates.set("next_at", null), Updates.set("last_status", status)));
    }

    @Override
    public void attemptFailed(String deliveryId, Optional<Instant> next, String error, Optional<Integer> status) {
        deliveries.updateOne(Filters.eq(ID, deliveryId), Updates.combine(
                Updates.set("status", (next.isPresent() ? Delivery.Status.PENDING : Delivery.Status.FAILED).wire()),
                Updates.set("next_at", next.map(Date::from).orElse(null)), Updates.set("last_error", error),
                Updates.set("last_status", status.orElse(null))));
    }

    @Override
    public List<Listed> recent(int limit) {
        List<Listed> listed = new ArrayList<>();
        for (Document doc : alerts.find().sort(Sorts.descending("fired_at")).limit(limit)) {
            List<Delivery> sent = new ArrayList<>();
            deliveries.find(Filters.eq("alert", doc.getString(ID))).sort(Sorts.ascending("destination"))
                    .forEach(d -> sent.add(delivery(d)));
            listed.add(new Listed(alert(doc), sent));
        }
        return listed;
    }

    /** Inserts a document unless one with its id exists; the backends name a duplicate id differently, so it is looked up. */
    private static boolean insertOnce(MongoCollection<Document> collection, Document doc) {
        try {
            collection.insertOne(doc);
            return true;
        } catch (MongoWriteException e) {
            if (collection.find(Filters.eq(ID, doc.get(ID))).first() != null) {
                return false;
            }
            throw e;
        }
    }

    private static Document document(AlertState s) {
        return new Document(ID, s.key()).append("state", s.state()).append("alerting", s.alerting()).append("episode", s.episode())
                .append("since", Date.from(s.since())).append("recorded", s.recorded());
    }

    private static AlertState state(Document d) {
        return new AlertState(d.getString(ID), d.getString("state"), Boolean.TRUE.equals(d.getBoolean("alerting")),
                ((Number) d.get("episode")).longValue(), d.getDate("since").toInstant(), ((Number) d.get("recorded")).longValue());
    }

    private static Alert alert(Document d) {
        Document details = d.get("details", Document.class);
        return new Alert(d.getString(ID), d.getString("rule"),
                WireName.parse(Condition.class, d.getString("condition")).orElse(Condition.DECISION_REACHED),
                d.getString("experiment"), d.getString("state"), d.getDate("fired_at").toInstant(), d.getString("summary"),
                details == null ? Map.of() : new LinkedHashMap<>(details));
    }

    private static Delivery delivery(Document d) {
        return new Delivery(d.getString(ID), d.getString("alert"), d.getString("destination"),
                WireName.parse(Delivery.Status.class, d.getString("status")).orElse(Delivery.Status.PENDING),
                ((Number) d.get("attempts")).intValue(), Optional.ofNullable(d.getDate("next_at")).map(Date::toInstant),
                Optional.ofNullable(d.getDate("delivered_at")).map(Date::toInstant), Optional.ofNullable(d.getString("last_error")),
                Optional.ofNullable(d.get("last_status")).map(n -> ((Number) n).intValue()));
    }
}
