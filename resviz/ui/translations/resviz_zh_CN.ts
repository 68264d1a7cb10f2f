<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>resviz — why residual connections work</source>
        <translation>resviz —— 残差连接为什么有效</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Shortcut vs branch</source>
        <translation>捷径与残差分支</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较训练记录</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>训练设置</translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation>结构图</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Fix the network first: the editor shows what is wrong</source>
        <translation>请先修正网络：编辑器里写明了哪里有问题</translation>
    </message>
    <message>
        <source>Train the network in the editor (Ctrl+Enter)</source>
        <translation>训练编辑器里的网络（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>PyTorch ready · GPU: {device}</source>
        <translation>PyTorch 已就绪 · GPU：{device}</translation>
    </message>
    <message>
        <source>PyTorch ready · CPU only</source>
        <translation>PyTorch 已就绪 · 仅 CPU</translation>
    </message>
    <message>
        <source>These training settings cannot train</source>
        <translation>这些训练设置无法开始训练</translation>
    </message>
    <message>
        <source>Loading data…</source>
        <translation>正在加载数据…</translation>
    </message>
    <message>
        <source>Grad-CAM maps appear after the first epoch, or press Compute</source>
        <translation>第一个 epoch 结束后会出现 Grad-CAM 热力图，也可以点“计算”</translation>
    </message>
    <message>
        <source>Training run {id}: {name} on {dataset}</source>
        <translation>正在训练第 {id} 号记录：{name}，数据集 {dataset}</translation>
    </message>
    <message>
        <source>Finished after {steps} steps</source>
        <translation>训练完成，共 {steps} 步</translation>
    </message>
    <message>
        <source>Stopped after {steps} steps</source>
        <translation>已停止，共训练 {steps} 步</translation>
    </message>
    <message>
        <source>Diverged after {steps} steps</source>
        <translation>第 {steps} 步时发散</translation>
    </message>
    <message>
        <source>Failed after {steps} steps</source>
        <translation>第 {steps} 步时出错</translation>
    </message>
    <message>
        <source> · train loss {loss}</source>
        <translation> · 训练损失 {loss}</translation>
    </message>
    <message>
        <source> · best val acc {acc}</source>
        <translation> · 最佳验证准确率 {acc}</translation>
    </message>
    <message>
        <source>The run diverged</source>
        <translation>训练发散了</translation>
    </message>
    <message>
        <source>The run failed</source>
        <translation>训练出错了</translation>
    </message>
    <message>
        <source>Everything logged before this is kept in the run store.</source>
        <translation>此前记录的所有数据都已保存在记录库中。</translation>
    </message>
    <message>
        <source>Could not train</source>
        <translation>无法训练</translation>
    </message>
    <message>
        <source>Restore last network</source>
        <translation>恢复上次的网络</translation>
    </message>
    <message>
        <source>Load ResNet-20</source>
        <translation>载入 ResNet-20</translation>
    </message>
    <message>
        <source>Stopping the run and saving it…</source>
        <translation>正在停止训练并保存…</translation>
    </message>
    <message>
        <source>About resviz</source>
        <translation>关于 resviz</translation>
    </message>
    <message>
        <source>&lt;b&gt;resviz&lt;/b&gt; shows why residual connections work.&lt;br&gt;&lt;br&gt;A residual block outputs y = F(x) + x, so ∂y/∂x = ∂F/∂x + 1: the gradient reaches early layers through the shortcut even when F passes little of it (He et al. 2015, 2016).</source>
        <translation>&lt;b&gt;resviz&lt;/b&gt; 演示残差连接为什么有效。&lt;br&gt;&lt;br&gt;残差块的输出是 y = F(x) + x，所以 ∂y/∂x = ∂F/∂x + 1：即使 F 传回的梯度很小，梯度也能沿捷径连接回到前面的层（He et al. 2015, 2016）。</translation>
    </message>
</context>
<context>
    <name>TrainBar</name>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train the network in the editor (Ctrl+Enter)</source>
        <translation>训练编辑器里的网络（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause between two steps; press again to resume</source>
        <translation>在两步之间暂停；再按一次继续</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after this step; the run is kept with a checkpoint</source>
        <translation>这一步结束后停止；训练记录和检查点都会保留</translation>
    </message>
    <message>
        <source>Degradation demo</source>
        <translation>退化问题演示</translation>
    </message>
    <message>
        <source>Train plain-20, plain-56, ResNet-20 and ResNet-56 on the same data and compare them: the degradation problem</source>
        <translation>在同一份数据上训练 plain-20、plain-56、ResNet-20 和 ResNet-56 并加以比较：看看退化问题</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>{name}: starting…</source>
        <translation>{name}：正在启动…</translation>
    </message>
    <message>
        <source>{params} parameters · {device}</source>
        <translation>{params} 个参数 · {device}</translation>
    </message>
    <message>
        <source>step {step}/{total} · epoch {epoch}</source>
        <translation>第 {step}/{total} 步 · 第 {epoch} 个 epoch</translation>
    </message>
    <message>
        <source>loss {loss} · {speed} img/s · ETA {eta}</source>
        <translation>损失 {loss} · {speed} 张图/秒 · 剩余 {eta}</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Import run…</source>
        <translation>导入训练记录…</translation>
    </message>
    <message>
        <source>Add a run exported with &apos;Export JSON&apos; (or &apos;resviz runs export --json&apos;) to this store</source>
        <translation>把用“导出 JSON”（或 &apos;resviz runs export --json&apos;）导出的训练记录加入本机的记录库</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <source>Queue the network in the editor with these settings, to train after the others</source>
        <translation>按当前设置把编辑器里的网络排进队列，等前面的训练完再训练</translation>
    </message>
    <message>
        <source>Sweep…</source>
        <translation>批量实验…</translation>
    </message>
    <message>
        <source>Queue a family of runs: depths, plain or residual, shortcut options, widths, seeds</source>
        <translation>一次排入一组训练：不同深度、普通或残差、捷径方案、宽度、随机种子</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>恢复默认布局</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About resviz</source>
        <translation>关于 resviz</translation>
    </message>
    <message>
        <source>Chinese text cannot be shown</source>
        <translation>无法显示中文</translation>
    </message>
</context>
<context>
    <name>language</name>
    <message>
        <source>No font with Chinese characters was found, so Chinese text shows as empty boxes. Install one, e.g. &apos;sudo apt install fonts-noto-cjk&apos; (Debian/Ubuntu) or &apos;sudo dnf install google-noto-sans-cjk-fonts&apos; (Fedora), then restart resviz.</source>
        <translation>这台电脑上没有能显示中文的字体，中文会显示成空白方框。请先安装一个，例如 &apos;sudo apt install fonts-noto-cjk&apos;（Debian/Ubuntu）或 &apos;sudo dnf install google-noto-sans-cjk-fonts&apos;（Fedora），然后重新启动 resviz。</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>PyTorch could not load: {error}</source>
        <translation>PyTorch 加载失败：{error}</translation>
    </message>
</context>
</TS>
