package io.momentum.experiment;

import java.time.Instant;

/** Where an experiment stands against its {@code start}/{@code end} at one moment; the file's status decides the rest. */
public enum SchedulePhase {
    /** Before {@code start}: nobody is assigned and nothing is counted. */
    NOT_STARTED,
    /** Inside the schedule (or no schedule): the status decides. */
    LIVE,
    /** At or after {@code end}: nobody is assigned (or the winner is rolled out) and nothing is counted. */
    ENDED;

    /** {@code start} is inclusive, {@code end} exclusive: at exactly {@code end} the experiment has ended. */
    public static SchedulePhase of(Experiment experiment, Instant now) {
        if (experiment.start().isPresent() && now.isBefore(experiment.start().get())) {
            return NOT_STARTED;
        }
        if (experiment.end().isPresent() && !now.isBefore(experiment.end().get())) {
            return ENDED;
        }
        return LIVE;
    }
}
