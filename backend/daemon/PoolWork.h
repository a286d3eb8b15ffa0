#pragma once
// The one way a coroutine on an I/O thread runs blocking work (database, key loads) elsewhere.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <exception>
#include <optional>
#include <utility>

namespace bulkhead::daemon {

// Runs `work` on one of `pool`'s threads and resumes on the caller's executor, with the result or
// the exception carried back. The pool is bound to the token: post(pool, use_awaitable) alone
// resumes the coroutine on its own executor, so the work would block the I/O thread.
template <typename Work>
auto onPool(boost::asio::thread_pool &pool, Work work) -> boost::asio::awaitable<decltype(work())>
{
    namespace asio = boost::asio;
    const auto caller = co_await asio::this_coro::executor;
    co_await asio::post(asio::bind_executor(pool.get_executor(), asio::use_awaitable));
    std::exception_ptr failed;
    std::optional<decltype(work())> result;
    try {
        result.emplace(work());
    } catch (...) {
        failed = std::current_exception();
    }
    co_await asio::post(caller, asio::use_awaitable);
    if (failed)
        std::rethrow_exception(failed);
    co_return std::move(*result);
}

} // namespace bulkhead::daemon
