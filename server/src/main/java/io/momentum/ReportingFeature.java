package io.momentum;

import io.momentum.alerts.AlertRoutes;
import io.momentum.alerts.AlertService;
import io.momentum.alerts.RetryPolicy;
import io.momentum.assign.MintedVisitors;
import io.momentum.assign.QaTokens;
import io.momentum.bandit.BanditAllocations;
import io.momentum.bandit.BanditScheduler;
import io.momentum.dashboard.DashboardRoutes;
import io.momentum.audit.AuditTrail;
import io.momentum.audit.HistoryRoutes;
import io.momentum.experiment.YamlExperimentCatalog;
import io.momentum.export.ExportRoutes;
import io.momentum.promotion.PromotionRoutes;
import io.momentum.reporting.ChannelReportRoutes;
import io.momentum.reporting.ChannelReportService;
import io.momentum.reporting.FlywheelService;
import io.momentum.reporting.ResultsRoutes;
import io.momentum.reporting.ResultsService;
import io.momentum.storage.Storage;
import io.momentum.web.ApiJson;
import io.momentum.web.Routes;
import io.momentum.tracking.EventLog;
import io.momentum.tracking.MongoAlertStore;
import io.momentum.tracking.MongoAuditLog;
import io.momentum.tracking.MongoEventExport;
import io.momentum.tracking.MongoExposureActivity;
import io.momentum.tracking.MongoExposureHistory;
import io.momentum.tracking.MongoFlywheelEvents;
import io.momentum.tracking.MongoFlywheelRollup;
import io.momentum.tracking.MongoReferrals;
import io.momentum.tracking.MongoLookHistory;
import io.momentum.tracking.MongoVisitorSources;
import io.momentum.tracking.MongoWeightPeriods;
import io.momentum.tracking.TrackingCounts;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * Results, flywheel report, dashboard, exports, the experiment audit trail, alerts and the bandit scheduler assembled. The bandits publish into
 * the given {@link BanditAllocations}, which assignment reads through a {@link io.momentum.bandit.BanditCatalog}.
 */
final class ReportingFeature implements AutoCloseable {
    /** How often the bandit scheduler checks whether an experiment's interval is over. */
    static final Duration BANDIT_TICK = Duration.ofSeconds(10);

    private final List<Routes> routes;
    private final BanditScheduler bandits;
    private final AuditTrail audit;
    private final AlertService alerts;

    private final FlywheelService flywheel;

    private ReportingFeature(List<Routes> routes, BanditScheduler bandits, AuditTrail audit, AlertService alerts, FlywheelService flywheel) {
        this.routes = routes;
        this.bandits = bandits;
        this.audit = audit;
        this.alerts = alerts;
        this.flywheel = flywheel;
    }

    static ReportingFeature start(Vertx vertx, Storage storage, YamlExperimentCatalog catalog, BanditAllocations allocations,
                                  TrackingCounts counts, ApiJson json, Clock clock, MintedVisitors minted,
                                  LongSupplier backlog, QaTokens qaTokens, List<String> notices,
                                  Duration lookInterval) {
        MongoWeightPeriods periods = new MongoWeightPeriods(storage.mongo());
        periods.createIndexes();
        BanditScheduler bandits = new BanditScheduler(vertx, catalog, counts, periods, allocations, clock).start(BANDIT_TICK);
        MongoLookHistory looks = new MongoLookHistory(storage.mongo());
        looks.createIndexes();
        ResultsService results = new ResultsService(vertx, catalog, counts, new MongoExposureHistory(new EventLog(storage.mongo())),
                new MongoReferrals(new EventLog(storage.mongo())), allocations, looks, lookInterval, clock,
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
        MongoAlertStore alertStore = new MongoAlertStore(storage.mongo());
        alertStore.createIndexes();
        MongoExposureActivity activity = new MongoExposureActivity(new EventLog(storage.mongo()));
        activity.createIndexes();
        AlertService alerts = AlertService.builder().vertx(vertx).directory(catalog.directory()).catalog(catalog).results(results::results)
                .exposures(activity).backlog(backlog).store(alertStore).clock(clock)
                .retry(RetryPolicy.standard(() -> ThreadLocalRandom.current().nextDouble()))
                .env(name -> Optional.ofNullable(System.getenv(name))).build().start();
        PromotionRoutes promotions = new PromotionRoutes(vertx, json, catalog, results, qaTokens, clock);
        ChannelReportService channels = new ChannelReportService(vertx, catalog, new MongoVisitorSources(new EventLog(storage.mongo())),
                clock, ChannelReportService.DEFAULT_TTL);
        return new ReportingFeature(List.of(new ResultsRoutes(json, results, flywheel, minted), new ChannelReportRoutes(json, channels),
                new DashboardRoutes(results, flywheel, promotions, changes, minted, notices, channels),
                new ExportRoutes(vertx, json, catalog, results, events, clock),
                new HistoryRoutes(json, catalog, changes), promotions, new AlertRoutes(json, alerts)), bandits, audit, alerts, flywheel);
    }

    List<Routes> routes() {
        return routes;
    }

    @Override
    public void close() {
        alerts.close();
        bandits.close();
        flywheel.close();
        audit.close();
    }
}
