//! Who may act for whom, as every authenticated request asks it (the token's
//! tenant active? a live grant for `x-rks-tenantid`?), remembered per
//! process so that a request costs its own statement and no extra round
//! trip.
//!
//! The answers follow the database, across processes too, because every
//! change is told to every process:
//! - every write to `tenants` or `tenant_grants` fires a trigger that sends
//!   `NOTIFY r1_access` at commit; each process listens and forgets all it
//!   knows when one arrives;
//! - while the listening connection is down (PostgreSQL restarting, a
//!   network cut) nothing is remembered and every request asks the database;
//! - a request that changed a tenant or a grant forgets this process's
//!   answers after its commit and before its response is sent, and waits
//!   briefly for its own notification, which reaches every process together:
//!   in practice the client's next request, to any process, sees the change
//!   (one made outside r1, with psql, is heard within milliseconds);
//! - a grant that begins or lapses with time is remembered only until then;
//! - an answer read while a change was being committed is not kept (a
//!   generation count, bumped on every change, is read before the question
//!   and checked before the answer is stored).

use std::{
    cell::Cell,
    collections::HashMap,
    future::Future,
    pin::Pin,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc, RwLock,
    },
    task::{ready, Context, Poll},
    time::Duration,
};

use axum::{extract::Request, response::Response};
use chrono::{DateTime, Utc};
use sqlx::{postgres::PgListener, PgPool};
use tokio::task::futures::TaskLocalFuture;
use tower::{Layer, Service};

/// The channel the triggers of migration `..._access_notify.sql` notify.
pub const CHANNEL: &str = "r1_access";

/// No answer is kept longer than this, whatever the notifications say.
const MAX_AGE: Duration = Duration::from_secs(60);
/// Beyond this many callers the process starts over rather than grow.
const MAX_ENTRIES: usize = 100_000;
/// How long a request that changed access waits for its own notification.
const OWN_NOTIFICATION_WAIT: Duration = Duration::from_millis(200);

/// What the per-request check learns from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    pub caller_status: Option<String>,
    pub target_status: Option<String>,
    pub granted: bool,
}

#[derive(Clone)]
struct Entry {
    access: Access,
    until: DateTime<Utc>,
}

pub struct AccessCache {
    enabled: bool,
    /// The listener holds `LISTEN r1_access` right now.
    live: AtomicBool,
    generation: AtomicU64,
    /// Notifications received so far (a request that changed access waits
    /// for this to move).
    notified: AtomicU64,
    arrived: tokio::sync::Notify,
    entries: RwLock<HashMap<(String, Option<String>), Entry>>,
}

impl AccessCache {
    /// `enabled: false` (R1_ACCESS_CACHE=false) asks the database on every
    /// request.
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            live: AtomicBool::new(false),
            generation: AtomicU64::new(0),
            notified: AtomicU64::new(0),
            arrived: tokio::sync::Notify::new(),
            entries: RwLock::new(HashMap::new()),
        }
    }

    fn usable(&self) -> bool {
        self.enabled && self.live.load(Ordering::Acquire)
    }

    /// Read before asking the database; hand it back to [`Self::put`].
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    pub fn get(&self, caller: &str, target: Option<&str>) -> Option<Access> {
        if !self.usable() {
            return None;
        }
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get(&(caller.to_string(), target.map(str::to_string)))?;
        (entry.until > Utc::now()).then(|| entry.access.clone())
    }

    /// Keeps `access` until `until` (when a grant begins or lapses), unless
    /// anything changed since `generation` was read.
    pub fn put(
        &self,
        generation: u64,
        caller: &str,
        target: Option<&str>,
        access: Access,
        until: Option<DateTime<Utc>>,
    ) {
        if !self.usable() {
            return;
        }
        let max = Utc::now() + MAX_AGE;
        let until = until.map_or(max, |u| u.min(max));
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        // Checked under the lock that `forget` takes too: an answer is
        // either stored before a change forgets everything, or not at all.
        if self.generation() != generation {
            return;
        }
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(
            (caller.to_string(), target.map(str::to_string)),
            Entry { access, until },
        );
    }

    /// Forgets every answer; answers being read now are not stored.
    pub fn forget(&self) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        self.generation.fetch_add(1, Ordering::AcqRel);
        entries.clear();
    }

    fn set_live(&self, live: bool) {
        self.forget();
        self.live.store(live, Ordering::Release);
        self.forget();
    }

    fn notified(&self) {
        self.forget();
        self.notified.fetch_add(1, Ordering::AcqRel);
        self.arrived.notify_waiters();
    }

    /// Whether answers are being kept (the listener holds its LISTEN).
    pub fn is_live(&self) -> bool {
        self.usable()
    }

    /// How many notifications this process has heard so far.
    pub fn notifications(&self) -> u64 {
        self.notified.load(Ordering::Acquire)
    }

    /// Waits until a notification later than `seen` has arrived, or `wait`.
    pub async fn await_notification(&self, seen: u64, wait: Duration) {
        let _ = tokio::time::timeout(wait, async {
            loop {
                let arrived = self.arrived.notified();
                if self.notified.load(Ordering::Acquire) > seen {
                    return;
                }
                arrived.await;
            }
        })
        .await;
    }
}

/// Listens for changes for as long as the runtime lives, reconnecting after
/// a lost connection. Without it the cache stays off.
pub fn listen(db: PgPool, cache: Arc<AccessCache>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        if !cache.enabled {
            return;
        }
        loop {
            match PgListener::connect_with(&db).await {
                Ok(mut listener) => {
                    if let Err(e) = listener.listen(CHANNEL).await {
                        tracing::debug!(error = %e, "LISTEN r1_access failed");
                    } else {
                        cache.set_live(true);
                        // `try_recv` answers `None` when the connection is
                        // lost; notifications sent meanwhile would be missed.
                        while let Ok(Some(_)) = listener.try_recv().await {
                            cache.notified();
                        }
                        cache.set_live(false);
                        tracing::debug!(
                            "lost the r1_access listener; asking the database until it is back"
                        );
                    }
                }
                Err(e) => tracing::debug!(error = %e, "cannot listen for access changes"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    })
}

tokio::task_local! {
    static CHANGED: Cell<bool>;
}

/// Called by every core function that changes a tenant's status or a grant:
/// the request that called it forgets this process's answers once its
/// handler is done, that is after the commit.
pub fn changed() {
    let _ = CHANGED.try_with(|c| c.set(true));
}

/// The layer that gives [`changed`] its effect. Written out rather than as
/// an axum `from_fn`, which boxes the layers below and two futures for every
/// request; only a request that changed access boxes its wait.
#[derive(Clone)]
pub struct ForgetAfterChangesLayer(pub Arc<AccessCache>);

impl<S> Layer<S> for ForgetAfterChangesLayer {
    type Service = ForgetAfterChanges<S>;

    fn layer(&self, inner: S) -> Self::Service {
        ForgetAfterChanges {
            cache: self.0.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct ForgetAfterChanges<S> {
    cache: Arc<AccessCache>,
    inner: S,
}

impl<S> Service<Request> for ForgetAfterChanges<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = ForgetFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let seen = self.cache.notifications();
        ForgetFuture::Handling {
            // The handler runs when the future is polled, inside the scope.
            inner: CHANGED.scope(Cell::new(false), self.inner.call(req)),
            cache: self.cache.clone(),
            seen,
        }
    }
}

pin_project_lite::pin_project! {
    #[project = ForgetProj]
    pub enum ForgetFuture<F> {
        Handling {
            #[pin]
            inner: TaskLocalFuture<Cell<bool>, F>,
            cache: Arc<AccessCache>,
            seen: u64,
        },
        /// The request changed access: its response waits for the
        /// notification of its own commit.
        Waiting {
            wait: Pin<Box<dyn Future<Output = ()> + Send>>,
            response: Option<Response>,
        },
    }
}

impl<F, E> Future for ForgetFuture<F>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        loop {
            match self.as_mut().project() {
                ForgetProj::Handling {
                    mut inner,
                    cache,
                    seen,
                } => {
                    let response = match ready!(inner.as_mut().poll(cx)) {
                        Ok(response) => response,
                        Err(e) => return Poll::Ready(Err(e)),
                    };
                    let changed = inner.take_value().is_some_and(|c| c.get());
                    if !changed {
                        return Poll::Ready(Ok(response));
                    }
                    cache.forget();
                    if !cache.usable() {
                        return Poll::Ready(Ok(response));
                    }
                    let (cache, seen) = (cache.clone(), *seen);
                    let wait = Box::pin(async move {
                        cache.await_notification(seen, OWN_NOTIFICATION_WAIT).await
                    });
                    self.set(ForgetFuture::Waiting {
                        wait,
                        response: Some(response),
                    });
                }
                ForgetProj::Waiting { wait, response } => {
                    ready!(wait.as_mut().poll(cx));
                    let response = response.take().expect("polled after completion");
                    return Poll::Ready(Ok(response));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active() -> Access {
        Access {
            caller_status: Some("active".into()),
            target_status: None,
            granted: false,
        }
    }

    fn live_cache() -> AccessCache {
        let cache = AccessCache::new(true);
        cache.set_live(true);
        cache
    }

    #[test]
    fn answers_are_kept_until_something_changes() {
        let cache = live_cache();
        let g = cache.generation();
        cache.put(g, "a", None, active(), None);
        assert_eq!(cache.get("a", None), Some(active()));
        assert_eq!(cache.get("a", Some("b")), None);
        cache.notified();
        assert_eq!(cache.get("a", None), None);
    }

    #[test]
    fn an_answer_read_across_a_change_is_not_kept() {
        let cache = live_cache();
        let g = cache.generation();
        cache.forget();
        cache.put(g, "a", None, active(), None);
        assert_eq!(cache.get("a", None), None);
    }

    #[test]
    fn a_grant_that_lapses_is_forgotten_when_it_lapses() {
        let cache = live_cache();
        let g = cache.generation();
        cache.put(
            g,
            "a",
            Some("b"),
            active(),
            Some(Utc::now() - chrono::Duration::milliseconds(1)),
        );
        assert_eq!(cache.get("a", Some("b")), None);
    }

    #[test]
    fn nothing_is_kept_without_a_listener_or_when_turned_off() {
        let cache = AccessCache::new(true);
        cache.put(cache.generation(), "a", None, active(), None);
        assert_eq!(cache.get("a", None), None);
        let off = AccessCache::new(false);
        off.live.store(true, Ordering::Release);
        off.put(off.generation(), "a", None, active(), None);
        assert_eq!(off.get("a", None), None);
        let lost = live_cache();
        lost.put(lost.generation(), "a", None, active(), None);
        lost.set_live(false);
        assert_eq!(lost.get("a", None), None);
    }

    /// A notification, as the listener hears one, 20 ms from now.
    fn notify_soon(cache: &Arc<AccessCache>) {
        let notifier = cache.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            notifier.notified();
        });
    }

    #[tokio::test]
    async fn a_changing_request_waits_for_a_later_notification() {
        let cache = Arc::new(live_cache());
        let seen = cache.notified.load(Ordering::Acquire);
        notify_soon(&cache);
        // Woken by the notification, not by its own (hour-long) limit.
        let waited = tokio::time::timeout(
            Duration::from_secs(30),
            cache.await_notification(seen, Duration::from_secs(3600)),
        )
        .await;
        assert!(waited.is_ok());
        assert_eq!(cache.notified.load(Ordering::Acquire), seen + 1);
    }

    /// A service that answers at once, calling [`changed`] when asked to.
    fn handler(
        changes: bool,
    ) -> impl Service<Request, Response = Response, Error = std::convert::Infallible, Future: Send> + Clone
    {
        tower::service_fn(move |_req: Request| async move {
            tokio::task::yield_now().await;
            if changes {
                changed();
            }
            Ok(Response::new(axum::body::Body::from("done")))
        })
    }

    #[tokio::test]
    async fn a_request_that_changed_access_forgets_and_waits_for_its_notification() {
        use tower::ServiceExt;
        let cache = Arc::new(live_cache());
        let layer = ForgetAfterChangesLayer(cache.clone());
        let request = || Request::new(axum::body::Body::empty());

        // A request that changes nothing leaves the answers and waits for
        // nothing.
        cache.put(cache.generation(), "a", None, active(), None);
        let res = layer.layer(handler(false)).oneshot(request()).await;
        assert!(res.is_ok());
        assert_eq!(cache.get("a", None), Some(active()));

        // One that changes access forgets them, and its response waits for
        // the notification of its commit.
        let seen = cache.notifications();
        notify_soon(&cache);
        let res = tokio::time::timeout(
            Duration::from_secs(30),
            layer.layer(handler(true)).oneshot(request()),
        )
        .await
        .expect("the wait ends with the notification or its limit");
        assert!(res.is_ok());
        assert_eq!(cache.get("a", None), None);
        assert!(
            cache.notifications() > seen,
            "answered before its notification"
        );
    }
}
