package reminders

import (
	"context"
	"time"

	"github.com/robfig/cron/v3"
	"github.com/rs/zerolog"
)

// Run calls Pass every minute until ctx ends, starting with one pass at
// once (catch-up after downtime). robfig/cron never runs jobs missed while
// the process was down and has no panic recovery of its own: catch-up is
// the pass itself, and cron.Recover plus SkipIfStillRunning guard the job.
func (s *Scheduler) Run(ctx context.Context, now func() time.Time) {
	logger := cronLogger{s.log}
	c := cron.New(cron.WithLocation(time.UTC), cron.WithChain(cron.Recover(logger), cron.SkipIfStillRunning(logger)))
	job := func() {
		rep, err := s.Pass(ctx, now(), false)
		if err != nil {
			s.log.Error().Err(err).Msg("scheduler pass")
			return
		}
		if rep.Reminders+rep.Digests+rep.Summaries > 0 {
			s.log.Info().Int("reminders", rep.Reminders).Int("digests", rep.Digests).Int("nudges", rep.Nudges).
				Int("summaries", rep.Summaries).Msg("scheduler pass")
		}
	}
	if _, err := c.AddFunc("* * * * *", job); err != nil {
		s.log.Error().Err(err).Msg("cron")
		return
	}
	job()
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
}

// cronLogger adapts zerolog to cron.Logger.
type cronLogger struct{ log zerolog.Logger }

func (l cronLogger) Info(msg string, kv ...any) {
	l.log.Debug().Fields(kv).Msg("cron: " + msg)
}

func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error().Err(err).Fields(kv).Msg("cron: " + msg)
}
