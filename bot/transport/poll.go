package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// apiError is a failed Bot API call, with Telegram's retry_after on 429.
type apiError struct {
	Code       int
	Desc       string
	RetryAfter time.Duration
}

func (e *apiError) Error() string { return fmt.Sprintf("telegram %d: %s", e.Code, e.Desc) }

// getUpdates long-polls for updates at offset. The library has no public
// getUpdates, and its own loop confirms updates too early, so this is ours.
func (c *Client) getUpdates(ctx context.Context, offset int64, timeout time.Duration) ([]*models.Update, error) {
	body, _ := json.Marshal(map[string]any{
		"offset":          offset,
		"timeout":         int(timeout / time.Second),
		"allowed_updates": []string{"message", "callback_query"},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.APIURL+"/bot"+c.cfg.Token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", Scrub(err, c.cfg.Token))
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("getUpdates: %w", Scrub(err, c.cfg.Token))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("getUpdates: read: %w", err)
	}
	var env struct {
		OK          bool             `json:"ok"`
		Result      []*models.Update `json:"result"`
		ErrorCode   int              `json:"error_code"`
		Description string           `json:"description"`
		Parameters  struct {
			RetryAfter int `json:"retry_after"`
		} `json:"parameters"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("getUpdates: HTTP %d: %w", resp.StatusCode, err)
	}
	if !env.OK {
		return nil, &apiError{Code: env.ErrorCode, Desc: env.Description, RetryAfter: time.Duration(env.Parameters.RetryAfter) * time.Second}
	}
	return env.Result, nil
}

// poll is the update loop. Each batch is applied (in parallel across chats,
// in order within a chat) and committed before the next getUpdates confirms
// it with the new offset: an update is never confirmed before its effect is
// durable, or for a read-only command, before its reply is either taken by
// Telegram or committed to the outbox (Hurry). A batch that could not be
// committed is fetched again.
func (c *Client) poll(ctx context.Context, h Handler) error {
	var offset int64
	var backoff time.Duration
	for {
		if err := ctx.Err(); err != nil {
			c.confirm(offset)
			return nil
		}
		if backoff > 0 {
			select {
			case <-ctx.Done():
				c.confirm(offset)
				return nil
			case <-time.After(backoff):
			}
		}
		updates, err := c.getUpdates(ctx, offset, c.cfg.PollTimeout)
		if err != nil {
			if ctx.Err() != nil {
				c.confirm(offset)
				return nil
			}
			backoff = nextBackoff(backoff)
			var api *apiError
			if errors.As(err, &api) {
				if api.Code == http.StatusUnauthorized || api.Code == http.StatusNotFound {
					return fmt.Errorf("telegram refused the token: %w", err)
				}
				if api.RetryAfter > 0 {
					backoff = api.RetryAfter
				}
			}
			c.log.Warn().Err(err).Dur("retry_in", backoff).Msg("getUpdates failed")
			continue
		}
		backoff = 0
		if len(updates) == 0 {
			continue
		}
		// Apply with a context that outlives a shutdown signal: what was
		// fetched is finished, then confirmed.
		if err := c.applyBatch(context.WithoutCancel(ctx), h, updates); err != nil {
			c.log.Error().Err(err).Msg("batch not committed; it will be fetched again")
			backoff = nextBackoff(backoff)
			continue
		}
		for _, u := range updates {
			if u.ID >= offset {
				offset = u.ID + 1
			}
		}
	}
}

// confirm tells Telegram the applied updates are done, so they are not
// delivered again after a clean shutdown (repeats would be skipped anyway).
func (c *Client) confirm(offset int64) {
	if offset == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if _, err := c.getUpdates(ctx, offset, 0); err != nil {
		c.log.Debug().Err(err).Msg("final confirm failed; updates will be skipped as repeats")
	}
}

// applyBatch runs each chat's updates in order, chats in parallel, and
// returns the first database error. Updates Salesbot ignores (edits,
// channel posts, messages from bots) are done without the handler.
func (c *Client) applyBatch(ctx context.Context, h Handler, updates []*models.Update) error {
	byChat := map[int64][]*models.Update{}
	var order []int64
	for _, u := range updates {
		chat := chatOf(u)
		if _, ok := byChat[chat]; !ok {
			order = append(order, chat)
		}
		byChat[chat] = append(byChat[chat], u)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(order))
	for _, chat := range order {
		wg.Add(1)
		go func(list []*models.Update) {
			defer wg.Done()
			for _, u := range list {
				r, ok := RequestFrom(u, c.botName, c.now())
				if !ok {
					continue
				}
				if err := h.Handle(ctx, r); err != nil {
					errs <- err
					return
				}
			}
		}(byChat[chat])
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func chatOf(u *models.Update) int64 {
	switch {
	case u.Message != nil:
		return u.Message.Chat.ID
	case u.CallbackQuery != nil:
		return u.CallbackQuery.From.ID
	}
	return 0
}

func nextBackoff(d time.Duration) time.Duration {
	switch {
	case d <= 0:
		return 200 * time.Millisecond
	case d >= 30*time.Second:
		return 30 * time.Second
	default:
		return d * 2
	}
}
