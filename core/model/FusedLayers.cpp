#include "core/model/FusedLayers.h"

#include <c10/core/impl/LocalDispatchKeySet.h>
#include <torch/autograd.h>

#include "core/TorchCompat.h"

namespace headliner::model {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// The type products run in: autocast's where it is on for the tensor's device, else its own.
c10::ScalarType computeType(const torch::Tensor& x) {
    const auto device = x.device().type();
    return compat::isAutocastEnabled(device) ? compat::autocastDtype(device) : x.scalar_type();
}

// Inside the functions every type is explicit: autocast would cast again.
struct NoAutocast {
    c10::impl::ExcludeDispatchKeyGuard guard{c10::autocast_dispatch_keyset};
};

struct QkvProjection : torch::autograd::Function<QkvProjection> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& qWeight,
                                 const torch::Tensor& qBias, const torch::Tensor& kWeight, const torch::Tensor& kBias,
                                 const torch::Tensor& vWeight, const torch::Tensor& vBias, std::int64_t heads) {
        const auto type = computeType(x);
        const NoAutocast noAutocast;
        const auto B = x.size(0), T = x.size(1), D = x.size(2);
        const auto rows = x.reshape({B * T, D}).to(type);                         // (BT,D)
        const auto weight = torch::cat({qWeight, kWeight, vWeight}).to(type);     // (3D,D)
        const auto bias = torch::cat({qBias, kBias, vBias}).to(type);             // (3D)
        ctx->save_for_backward({rows, weight});
        ctx->saved_data["shape"] = x.sizes().vec();
        ctx->saved_data["x_type"] = c10::IValue(static_cast<std::int64_t>(x.scalar_type()));
        ctx->saved_data["w_type"] = c10::IValue(static_cast<std::int64_t>(qWeight.scalar_type()));
        return torch::addmm(bias, rows, weight.t()).view({B, T, 3, heads, D / heads});
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        const NoAutocast noAutocast;
        const auto saved = ctx->get_saved_variables();
        const auto& rows = saved[0];
        const auto& weight = saved[1];
        const auto shape = ctx->saved_data["shape"].toIntVector();
        const auto xType = static_cast<c10::ScalarType>(ctx->saved_data["x_type"].toInt());
        const auto wType = static_cast<c10::ScalarType>(ctx->saved_data["w_type"].toInt());
        const auto g = grads[0].reshape({rows.size(0), weight.size(0)}).to(weight.scalar_type());  // (BT,3D)
        const auto gx = g.mm(weight).view(shape).to(xType);
        const auto gw = g.t().mm(rows).to(wType).chunk(3, 0);
        const auto gb = g.sum(0).to(wType).chunk(3, 0);
        return {gx, gw[0], gb[0], gw[1], gb[1], gw[2], gb[2], torch::Tensor()};
    }
};

struct OutputAndFeedForward : torch::autograd::Function<OutputAndFeedForward> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& context, const torch::Tensor& residual,
                                 const torch::Tensor& outWeight, const torch::Tensor& outBias,
                                 const torch::Tensor& norm1Weight, const torch::Tensor& norm1Bias,
                                 const torch::Tensor& lin1Weight, const torch::Tensor& lin1Bias,
                                 const torch::Tensor& lin2Weight, const torch::Tensor& lin2Bias,
                                 const torch::Tensor& norm2Weight, const torch::Tensor& norm2Bias, double eps,
                                 bool gelu, double dropout) {
        const auto type = computeType(residual);
        const NoAutocast noAutocast;
        const auto D = residual.size(-1), N = residual.numel() / D;
        const auto c = context.reshape({N, D}).to(type);
        const auto wo = outWeight.to(type), w1 = lin1Weight.to(type), w2 = lin2Weight.to(type);
        // out(context) + residual: in the wider of the two types, as the module's sum.
        const auto s = residual.reshape({N, D}) + torch::addmm(outBias.to(type), c, wo.t());
        auto [h, mean1, rstd1] = at::native_layer_norm(s, {D}, norm1Weight, norm1Bias, eps);
        const auto hc = h.to(type);
        const auto f1 = torch::addmm(lin1Bias.to(type), hc, w1.t());
        const auto a = gelu ? torch::gelu(f1) : torch::relu(f1);
        auto f2 = torch::addmm(lin2Bias.to(type), a, w2.t());
        torch::Tensor keep;  // dropout's mask
        if (dropout > 0) std::tie(f2, keep) = at::native_dropout(f2, dropout, /*train=*/true);
        const auto u = f2 + h;
        auto [y, mean2, rstd2] = at::native_layer_norm(u, {D}, norm2Weight, norm2Bias, eps);
        ctx->save_for_backward({c, wo, s, mean1, rstd1, norm1Weight, norm1Bias, hc, f1, a, w1, w2, keep, u, mean2,
                                rstd2, norm2Weight, norm2Bias});
        ctx->saved_data["context_shape"] = context.sizes().vec();
        ctx->saved_data["context_type"] = c10::IValue(static_cast<std::int64_t>(context.scalar_type()));
        ctx->saved_data["residual_shape"] = residual.sizes().vec();
        ctx->saved_data["residual_type"] = c10::IValue(static_cast<std::int64_t>(residual.scalar_type()));
        ctx->saved_data["w_type"] = c10::IValue(static_cast<std::int64_t>(outWeight.scalar_type()));
        ctx->saved_data["gelu"] = gelu;
        ctx->saved_data["dropout"] = dropout;
        return y.view(residual.sizes());
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        const NoAutocast noAutocast;
        const auto v = ctx->get_saved_variables();
        const auto &c = v[0], &wo = v[1], &s = v[2], &mean1 = v[3], &rstd1 = v[4], &n1w = v[5], &n1b = v[6];
        const auto &hc = v[7], &f1 = v[8], &a = v[9], &w1 = v[10], &w2 = v[11], &keep = v[12], &u = v[13];
        const auto &mean2 = v[14], &rstd2 = v[15], &n2w = v[16], &n2b = v[17];
        const auto wType = static_cast<c10::ScalarType>(ctx->saved_data["w_type"].toInt());
        const bool gelu = ctx->saved_data["gelu"].toBool();
        const double dropout = ctx->saved_data["dropout"].toDouble();
        const auto type = c.scalar_type();
        const auto D = u.size(1);
        const std::array<bool, 3> all{true, true, true};

        const auto gy = grads[0].reshape({u.size(0), D}).contiguous();
        auto [gu, gn2w, gn2b] = at::native_layer_norm_backward(gy, u, {D}, mean2, rstd2, n2w, n2b, all);
        auto gf2 = gu.to(type);
        if (keep.defined()) gf2 = at::native_dropout_backward(gf2, keep, 1.0 / (1.0 - dropout));
        const auto gw2 = gf2.t().mm(a), gb2 = gf2.sum(0), ga = gf2.mm(w2);
        const auto gf1 = gelu ? at::gelu_backward(ga, f1) : at::threshold_backward(ga, a, 0);
        const auto gw1 = gf1.t().mm(hc), gb1 = gf1.sum(0);
        const auto gh = gu + gf1.mm(w1);  // the residual's gradient and lin1's, in float32
        auto [gs, gn1w, gn1b] = at::native_layer_norm_backward(gh, s, {D}, mean1, rstd1, n1w, n1b, all);
        const auto go = gs.to(type);
        const auto gwo = go.t().mm(c), gbo = go.sum(0), gc = go.mm(wo);
        const auto contextType = static_cast<c10::ScalarType>(ctx->saved_data["context_type"].toInt());
        const auto residualType = static_cast<c10::ScalarType>(ctx->saved_data["residual_type"].toInt());
        return {gc.view(ctx->saved_data["context_shape"].toIntVector()).to(contextType),
                gs.view(ctx->saved_data["residual_shape"].toIntVector()).to(residualType),
                gwo.to(wType), gbo.to(wType), gn1w, gn1b, gw1.to(wType), gb1.to(wType), gw2.to(wType), gb2.to(wType),
                gn2w, gn2b, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};
struct ClassifierHead : torch::autograd::Function<ClassifierHead> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& cls, const torch::Tensor& preWeight,
                                 const torch::Tensor& preBias, const torch::Tensor& weight, const torch::Tensor& bias,
                                 double dropout) {
        const auto type = computeType(cls);
        const NoAutocast noAutocast;
        const auto c = cls.to(type), wp = preWeight.to(type), w = weight.to(type);
        const auto pooled = torch::relu(torch::addmm(preBias.to(type), c, wp.t()));  // (B,D)
        auto kept = pooled;
        torch::Tensor keep;
        if (dropout > 0) std::tie(kept, keep) = at::native_dropout(pooled, dropout, /*train=*/true);
        ctx->save_for_backward({c, wp, w, pooled, kept, keep});
        ctx->saved_data["cls_type"] = c10::IValue(static_cast<std::int64_t>(cls.scalar_type()));
        ctx->saved_data["w_type"] = c10::IValue(static_cast<std::int64_t>(weight.scalar_type()));
        ctx->saved_data["dropout"] = dropout;
        return torch::addmm(bias.to(type), kept, w.t());  // (B,labels)
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads) {
        const NoAutocast noAutocast;
        const auto v = ctx->get_saved_variables();
        const auto &c = v[0], &wp = v[1], &w = v[2], &pooled = v[3], &kept = v[4], &keep = v[5];
        const auto wType = static_cast<c10::ScalarType>(ctx->saved_data["w_type"].toInt());
        const auto g = grads[0].to(c.scalar_type());
        const auto gw = g.t().mm(kept), gb = g.sum(0);
        auto gPooled = g.mm(w);
        if (keep.defined())
            gPooled = at::native_dropout_backward(gPooled, keep, 1.0 / (1.0 - ctx->saved_data["dropout"].toDouble()));
        const auto gp = at::threshold_backward(gPooled, pooled, 0);
        const auto gwp = gp.t().mm(c), gbp = gp.sum(0);
        const auto gc = gp.mm(wp).to(static_cast<c10::ScalarType>(ctx->saved_data["cls_type"].toInt()));
        return {gc, gwp.to(wType), gbp.to(wType), gw.to(wType), gb.to(wType), torch::Tensor()};
    }
};
}  // namespace

torch::Tensor fusedQkvProjection(const torch::Tensor& x, const torch::Tensor& qWeight, const torch::Tensor& qBias,
                                 const torch::Tensor& kWeight, const torch::Tensor& kBias,
                                 const torch::Tensor& vWeight, const torch::Tensor& vBias, std::int64_t heads) {
    return QkvProjection::apply(x, qWeight, qBias, kWeight, kBias, vWeight, vBias, heads);
}

torch::Tensor fusedOutputAndFeedForward(const torch::Tensor& context, const torch::Tensor& residual,
                                        const FusedBlockWeights& w, bool training) {
    return OutputAndFeedForward::apply(context, residual, w.outWeight, w.outBias, w.norm1Weight, w.norm1Bias,
                                       w.lin1Weight, w.lin1Bias, w.lin2Weight, w.lin2Bias, w.norm2Weight,
                                       w.norm2Bias, w.eps, w.gelu, training ? w.dropout : 0.0);
}

torch::Tensor fusedClassifierHead(const torch::Tensor& cls, const torch::Tensor& preWeight, const torch::Tensor& preBias,
                                  const torch::Tensor& weight, const torch::Tensor& bias, double dropout, bool training) {
    return ClassifierHead::apply(cls, preWeight, preBias, weight, bias, training ? dropout : 0.0);
}

}  // namespace headliner::model
