package io.momentum;

import io.momentum.assign.MintedVisitors;
import io.momentum.bandit.BanditAllocations;
import io.momentum.bandit.BanditScheduler;
import io.momentum.dashboard.DashboardRoutes;
import io.momentum.audit.AuditTrail;
import io.momentum.audit.HistoryRoutes;
import io.momentum.experiment.YamlExperimentCatalog;
import io.momentum.export.ExportRoutes;
import io.momentum.promotion.PromotionRoutes;
import io.momentum.reporting.FlywheelService;
import io.momentum.reporting.ResultsRoutes;
import io.momentum.reporting.ResultsService;
import io.momentum.storage.Storage;
import io.momentum.web.ApiJson;
import io.momentum.web.Routes;
import io.momentum.tracking.EventLog;
import io.momentum.tracking.MongoAuditLog;
import io.momentum.tracking.MongoEventExport;
import io.momentum.tracking.MongoExposureHistory;
import io.momentum.tracking.MongoFlywheelEvents;
import io.momentum.tracking.MongoFlywheelRollup;
import io.momentum.tracking.MongoReferrals;
import io.momentum.tracking.MongoLookHistory;
import io.momentum.tracking.MongoWeightPeriods;
import io.momentum.tracking.TrackingCounts;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Results, flywheel report, dashboard, exports, the experiment audit trail and the bandit scheduler assembled. The bandits publish into
 * the given {@link BanditAllocations}, which assignment reads through a {@link io.momentum.bandit.BanditCatalog}.
 */
final class ReportingFeature implements AutoCloseable {
    /** How often the bandit scheduler checks whether an experiment's interval is over. */
    static final Duration BANDIT_TICK = Duration.ofSeconds(10);

    private final List<Routes> routes;
    private final BanditScheduler bandits;
    private final AuditTrail audit;

    private final FlywheelService flywheel;

    private ReportingFeature(List<Routes> routes, BanditScheduler bandits, AuditTrail audit, FlywheelService flywheel) {
        this.routes = routes;
        this.bandits = bandits;
        this.audit = audit;
        this.flywheel = flywheel;
    }

    static ReportingFeature start(Vertx vertx, Storage storage, YamlExperimentCatalog catalog, BanditAllocations allocations,
                                  TrackingCounts counts, ApiJson json, Clock clock, MintedVisitors minted) {
        MongoWeightPeriods periods = new MongoWeightPeriods(storage.mongo());
        periods.createIndexes();
        BanditScheduler bandits = new BanditScheduler(vertx, catalog, counts, periods, allocations, clock).start(BANDIT_TICK);
        MongoLookHistory looks = new MongoLookHistory(storage.mongo());
        looks.createIndexes();
        ResultsService results = new ResultsService(vertx, catalog, counts, new MongoExposureHistory(new EventLog(storage.mongo())),
                new MongoReferrals(new EventLog(storage.mongo())), allocations, looks, ResultsService.DEFAULT_LOOK_INTERVAL, clock,
                ResultsService.DEFAULT_TTL);
        MongoFlywheelEvents flywheelEvents = new MongoFlywheelEvents(new EventLog(storage.mongo()));
        flywheelEvents.createIndexes();
        MongoFlywheelRollup rollup = new MongoFlywheelRollup(storage.mongo());
        rollup.createIndexes();
        FlywheelService flywheel = new FlywheelService(vertx, catalog, counts, results, flywheelEvents, rollup, clock,
                FlywheelService.DEFAULT_TTL).startRollup(FlywheelService.ROLLUP_EVERY);
        MongoEventExport events = new MongoEventExport(new EventLog(storage.mongo()));
        events.createIndexes();
        MongoAuditLog changes = new MongoAuditLog(storage.mongo());
        changes.createIndexes();
        AuditTrail audit = new AuditTrail(changes, catalog.directory(), clock);
        catalog.onLoad(audit);
        PromotionRoutes promotions = new PromotionRoutes(vertx, json, catalog, results);
        return new ReportingFeature(List.of(new ResultsRoutes(json, results, flywheel, minted),
                new DashboardRoutes(results, flywheel, promotions, changes), new ExportRoutes(vertx, json, catalog, results, events, clock),
                new HistoryRoutes(json, catalog, changes), promotions), bandits, audit, flywheel);
    }

    List<Routes> routes() {
        return routes;
    }

    @Override
    public void close() {
        bandits.close();
        flywheel.close();
        audit.close();
    }
}
