#pragma once

// What a client reads from an answer, independent of the proxy's own channel logic: every string
// of every JSON document in it (a streamed answer's `data:` events in order), concatenated per
// path as a client concatenates deltas; choices and tool calls keep their `index`, alternatives
// (top_logprobs) their rank, other list positions fold; plus every object key and the raw bytes.
// Header-only: the egress tests use it as their oracle.
#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace bulkhead::testsupport {

inline void addToClientView(const nlohmann::json &node, const std::string &path, std::map<std::string, std::string> &out)
{
    if (node.is_string()) {
        out[path] += node.get<std::string>();
    } else if (node.is_object()) {
        for (const auto &[key, value] : node.items()) {
            out["#keys"] += key + "\n";
            addToClientView(value, path + "." + key, out);
        }
    } else if (node.is_array()) {
        const bool ranks = path.ends_with("top_logprobs");
        for (std::size_t i = 0; i < node.size(); ++i) {
            const auto &item = node[i];
            const std::string key = ranks ? std::to_string(i)
                                    : item.is_object() && item.contains("index") ? item["index"].dump()
                                                                                 : std::string();
            addToClientView(item, path + "[" + key + "]", out);
        }
    }
}

// A whole JSON body, or SSE bytes: path -> text (".choices[0].delta.content", "#keys", "#raw").
inline std::map<std::string, std::string> clientView(const std::string &body)
{
    std::map<std::string, std::string> view{{"#raw", body}};
    if (const auto doc = nlohmann::json::parse(body, nullptr, false); !doc.is_discarded()) {
        addToClientView(doc, "", view);
        return view;
    }
    for (std::size_t at = 0; (at = body.find("data: ", at)) != std::string::npos;) {
        const auto end = body.find("\n\n", at);
        if (const auto doc = nlohmann::json::parse(body.substr(at + 6, end - at - 6), nullptr, false); !doc.is_discarded())
            addToClientView(doc, "", view);
        at = end == std::string::npos ? body.size() : end;
    }
    return view;
}

// Does any channel a client reads (or the raw bytes) contain `needle`?
inline bool clientReads(const std::map<std::string, std::string> &view, const std::string &needle)
{
    for (const auto &[path, text] : view)
        if (text.find(needle) != std::string::npos)
            return true;
    return false;
}

} // namespace bulkhead::testsupport
