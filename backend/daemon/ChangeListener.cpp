#include "ChangeListener.h"

#include "store/Database.h"

#include <pqxx/pqxx>

namespace bulkhead::daemon {
namespace {

class Receiver final : public pqxx::notification_receiver
{
public:
    Receiver(pqxx::connection_base &connection, const std::function<void()> &onChange)
        : pqxx::notification_receiver(connection, "bulkhead_control_plane"), m_onChange(onChange)
    {
    }
    void operator()(const std::string &, int) override { m_onChange(); }

private:
    const std::function<void()> &m_onChange;
};

} // namespace

ChangeListener::ChangeListener(std::string dsn, std::function<void()> onChange,
                               std::function<void(const std::string &)> onError)
    : m_dsn(std::move(dsn)), m_onChange(std::move(onChange)), m_onError(std::move(onError))
{
}

ChangeListener::~ChangeListener()
{
    stop();
}

void ChangeListener::start()
{
    m_thread = std::thread([this] { run(); });
}

void ChangeListener::stop()
{
    m_stopping = true;
    if (m_thread.joinable())
        m_thread.join();
}

void ChangeListener::run()
{
    bool reported = false;
    while (!m_stopping) {
        try {
            auto connection = store::openConnection(m_dsn);
            Receiver receiver(*connection, m_onChange);
            // Anything that changed while we were not listening is picked up at once.
            m_onChange();
            reported = false;
            while (!m_stopping)
                connection->await_notification(0, 250'000);  // wake to notice stop()
        } catch (const std::exception &e) {
            if (!reported && m_onError)
                m_onError(e.what());
            reported = true;
            for (int i = 0; i < 10 && !m_stopping; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

} // namespace bulkhead::daemon
