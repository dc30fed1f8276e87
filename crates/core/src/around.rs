//! Middleware that looks at a request, then at its response, and does not
//! wait for anything in between.
//!
//! axum's `from_fn` runs an async function per request: it clones the
//! layers below into a new boxed service and boxes two futures, the
//! function's and the next layer's, copying each into place. Every request
//! went through four of them (error rendering, media types, the rate limit,
//! the access cache), a twentieth of a poll's CPU. An [`Around`] is two plain
//! functions, and its layer wraps the next future without boxing it. The
//! access cache's layer, which waits after a write, is written out in
//! [`crate::access`].

use std::{
    future::Future,
    pin::Pin,
    task::{ready, Context, Poll},
};

use axum::{
    body::{Body, Bytes, HttpBody},
    extract::Request,
    http,
    response::Response,
    BoxError,
};
use tower::{Layer, Service};

/// What a middleware does before and after the layers below it.
pub trait Around: Clone + Send + Sync + 'static {
    /// What the request tells the response.
    type Seen: Send + 'static;

    /// Looks at the request on its way in.
    fn request(&self, req: Request) -> Pass<Self::Seen>;

    /// Looks at the response on its way out.
    fn response(&self, seen: Self::Seen, res: Response) -> Response;
}

/// What [`Around::request`] decides.
pub enum Pass<S> {
    /// The request goes on to the layers below; `S` waits for its response.
    On(Request, S),
    /// This is the answer: the layers below never see the request.
    Answer(Response),
}

/// The layer of an [`Around`].
#[derive(Clone)]
pub struct AroundLayer<A>(pub A);

impl<A: Around, S> Layer<S> for AroundLayer<A> {
    type Service = AroundService<A, S>;

    fn layer(&self, inner: S) -> Self::Service {
        AroundService {
            around: self.0.clone(),
            inner,
        }
    }
}

#[derive(Clone)]
pub struct AroundService<A, S> {
    around: A,
    inner: S,
}

impl<A, S, B> Service<Request> for AroundService<A, S>
where
    A: Around,
    S: Service<Request, Response = http::Response<B>>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = AroundFuture<A, S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        match self.around.request(req) {
            Pass::On(req, seen) => AroundFuture::Inner {
                inner: self.inner.call(req),
                after: Some((self.around.clone(), seen)),
            },
            Pass::Answer(res) => AroundFuture::Answered { res: Some(res) },
        }
    }
}

pin_project_lite::pin_project! {
    #[project = AroundProj]
    pub enum AroundFuture<A: Around, F> {
        /// The layers below answer; then the [`Around`] sees the response.
        Inner {
            #[pin]
            inner: F,
            after: Option<(A, A::Seen)>,
        },
        /// The [`Around`] answered the request itself.
        Answered { res: Option<Response> },
    }
}

impl<A, F, B, E> Future for AroundFuture<A, F>
where
    A: Around,
    F: Future<Output = Result<http::Response<B>, E>>,
    B: HttpBody<Data = Bytes> + Send + 'static,
    B::Error: Into<BoxError>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            AroundProj::Answered { res } => {
                Poll::Ready(Ok(res.take().expect("polled after completion")))
            }
            AroundProj::Inner { inner, after } => {
                // A layer below may answer with a body of its own type
                // (tower-http's CatchPanic does); `Body::new` does not wrap
                // one that is a `Body`.
                let res = ready!(inner.poll(cx))?.map(Body::new);
                let (around, seen) = after.take().expect("polled after completion");
                Poll::Ready(Ok(around.response(seen, res)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use axum::http::StatusCode;
    use tower::{service_fn, ServiceExt};

    use super::*;

    /// Refuses a request without `x-ok`; otherwise puts the request's path
    /// on the response.
    #[derive(Clone)]
    struct PathOnResponse;

    impl Around for PathOnResponse {
        type Seen = String;

        fn request(&self, req: Request) -> Pass<String> {
            if !req.headers().contains_key("x-ok") {
                let mut res = Response::new(Body::empty());
                *res.status_mut() = StatusCode::FORBIDDEN;
                return Pass::Answer(res);
            }
            let path = req.uri().path().to_string();
            Pass::On(req, path)
        }

        fn response(&self, path: String, mut res: Response) -> Response {
            res.headers_mut()
                .insert("x-path", path.parse().expect("a path is a header value"));
            res
        }
    }

    #[tokio::test]
    async fn sees_the_request_then_its_response_or_answers_alone() {
        let inner = service_fn(|_req: Request| async {
            tokio::task::yield_now().await;
            Ok::<_, Infallible>(Response::new(Body::from("inner")))
        });
        let svc = AroundLayer(PathOnResponse).layer(inner);

        let req = Request::builder()
            .uri("/a/b")
            .header("x-ok", "1")
            .body(Body::empty())
            .unwrap();
        let res = svc.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["x-path"], "/a/b");

        let req = Request::builder().uri("/a").body(Body::empty()).unwrap();
        let res = svc.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        assert!(!res.headers().contains_key("x-path"));
    }
}
