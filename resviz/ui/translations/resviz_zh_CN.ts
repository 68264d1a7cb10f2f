<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnalysesTab</name>
    <message>
        <source>Lesion study</source>
        <translation>删块研究</translation>
    </message>
    <message>
        <source>Loss line</source>
        <translation>损失直线</translation>
    </message>
    <message>
        <source>Loss plane</source>
        <translation>损失平面</translation>
    </message>
    <message>
        <source>Shattered gradients</source>
        <translation>破碎梯度</translation>
    </message>
    <message>
        <source>The selected runs side by side. Loss planes share one colour scale and one directions seed; lines and gradient similarities are overlaid in the runs&apos; colours.</source>
        <translation>把选中的训练记录并排比较。损失平面共用同一色标和同一个方向种子；直线和梯度相似度按各训练记录的颜色叠在一起画。</translation>
    </message>
    <message>
        <source>Compute for {n} runs without it</source>
        <translation>为缺少结果的 {n} 条训练记录计算</translation>
    </message>
    <message>
        <source>Every selected run has it</source>
        <translation>选中的训练记录都已有结果</translation>
    </message>
    <message>
        <source>Computing for {n} runs, one after the other…</source>
        <translation>正在依次为 {n} 条训练记录计算…</translation>
    </message>
    <message>
        <source>Select runs in the table to compare their analyses.</source>
        <translation>在表格中选中几条训练记录，比较它们的分析结果。</translation>
    </message>
    <message>
        <source>None of the selected runs has one yet: press the button to compute it, or use the run&apos;s own tab.</source>
        <translation>选中的训练记录都还没有这项结果：按按钮计算，或打开其中一条训练记录，在它自己的标签页里计算。</translation>
    </message>
    <message>
        <source>Not computed yet for {runs}.</source>
        <translation>{runs} 还没有计算。</translation>
    </message>
</context>
<context>
    <name>AnalysisPanel</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>It failed: {message}</source>
        <translation>失败了：{message}</translation>
    </message>
</context>
<context>
    <name>BranchPanel</name>
    <message>
        <source>Branch F(x), layer by layer</source>
        <translation>残差分支 F(x)，逐层查看</translation>
    </message>
    <message>
        <source>Customise</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Write this block as its list of layers, to add, remove and reorder them. Same parameters and same outputs as now; Undo turns it back.</source>
        <translation>把这个残差块写成逐层的列表，方便增删和调整顺序。参数和输出都与现在完全相同；撤销即可恢复。</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>+ Conv</source>
        <translation>+ 卷积</translation>
    </message>
    <message>
        <source>Add a 3×3 conv with padding 1 after the selected layer</source>
        <translation>在选中的层后面加一个填充为 1 的 3×3 卷积</translation>
    </message>
    <message>
        <source>+ BN</source>
        <translation>+ BN</translation>
    </message>
    <message>
        <source>Add batch norm after the selected layer</source>
        <translation>在选中的层后面加批归一化</translation>
    </message>
    <message>
        <source>+ Add</source>
        <translation>+ 添加</translation>
    </message>
    <message>
        <source>Add the activation chosen on the left after the selected layer</source>
        <translation>在选中的层后面加左边选的激活函数</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected layer (Edit ▸ Undo brings it back)</source>
        <translation>删除选中的层（“编辑 ▸ 撤销”可恢复）</translation>
    </message>
    <message>
        <source>Move the selected layer up</source>
        <translation>把选中的层上移</translation>
    </message>
    <message>
        <source>Move the selected layer down</source>
        <translation>把选中的层下移</translation>
    </message>
    <message>
        <source>Out channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Apply the suggested fix</source>
        <translation>应用建议的修改</translation>
    </message>
    <message>
        <source>One of the papers&apos; blocks, built from the options above.</source>
        <translation>论文中的一种残差块，按上面的选项构建。</translation>
    </message>
    <message>
        <source>Input {shape}. Layers 1–{lead} run once, for both paths: the shortcut takes their output and adds it to the last layer&apos;s (full pre-activation where the shape changes, as in the authors&apos; code).</source>
        <translation>输入 {shape}。第 1–{lead} 层只算一次，两条路径共用：捷径取它们的输出，加到最后一层的输出上（形状改变处的完全预激活，与作者的代码一致）。</translation>
    </message>
    <message>
        <source>Input {shape}. The shortcut adds it to the last layer&apos;s output.</source>
        <translation>输入 {shape}。捷径连接会把它加到最后一层的输出上。</translation>
    </message>
    <message>
        <source>no feature map</source>
        <translation>特征图为空</translation>
    </message>
    <message>
        <source>Suggested fix: {fix}</source>
        <translation>建议的修改：{fix}</translation>
    </message>
</context>
<context>
    <name>ChanceLine</name>
    <message>
        <source>chance: ln {classes} = {value}</source>
        <translation>随机猜测：ln {classes} = {value}</translation>
    </message>
    <message>
        <source>chance: {value} %</source>
        <translation>随机猜测：{value} %</translation>
    </message>
    <message>
        <source>chance</source>
        <translation>随机猜测</translation>
    </message>
</context>
<context>
    <name>CodeActions</name>
    <message>
        <source>Export as PyTorch &amp;code…</source>
        <translation>导出为 PyTorch 代码(&amp;C)…</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>示例(&amp;X)</translation>
    </message>
    <message>
        <source>Seed block 0: two 3×3 convs and a 1×1 conv shortcut (trains)</source>
        <translation>种子残差块 0：两个 3×3 卷积加 1×1 卷积捷径（可以训练）</translation>
    </message>
    <message>
        <source>Seed block 1: 3×3 then 4×4 conv (does not fit: find out why)</source>
        <translation>种子残差块 1：先 3×3 再 4×4 卷积（形状对不上：找找原因）</translation>
    </message>
    <message>
        <source>Write this network as a standalone Python file that needs only PyTorch</source>
        <translation>把这个网络写成只依赖 PyTorch 的独立 Python 文件</translation>
    </message>
    <message>
        <source>Fix the network first: only a network that fits together can be exported</source>
        <translation>请先修正网络：只有各层形状都对得上的网络才能导出</translation>
    </message>
    <message>
        <source>Cannot open the example</source>
        <translation>无法打开示例</translation>
    </message>
    <message>
        <source>Export as PyTorch code</source>
        <translation>导出为 PyTorch 代码</translation>
    </message>
    <message>
        <source>Python file (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>Cannot export the network</source>
        <translation>无法导出网络</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}</source>
        <translation>无法写入 {path}：{reason}</translation>
    </message>
</context>
<context>
    <name>ColourBar</name>
    <message>
        <source>Grad-CAM colour key: how strongly each region raises the chosen class&apos;s score</source>
        <translation>Grad-CAM 色标：每个区域把所选类别的得分提高了多少</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <source>Compute Grad-CAM for this layer and class now</source>
        <translation>现在为这一层和这个类别计算 Grad-CAM</translation>
    </message>
    <message>
        <source>Heatmap opacity: 0% shows the plain images, 100% the maps alone</source>
        <translation>热力图不透明度：0% 只显示原图，100% 只显示热力图</translation>
    </message>
    <message>
        <source>Show object box</source>
        <translation>显示物体框</translation>
    </message>
    <message>
        <source>Outline the object&apos;s bounding box (built-in dataset only)</source>
        <translation>画出物体的边界框（仅限内置数据集）</translation>
    </message>
    <message>
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <source>Save the whole grid with labels as a PNG at 2× resolution</source>
        <translation>把整张网格连同标签存成 2 倍分辨率的 PNG</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
</context>
<context>
    <name>CurvesPanel</name>
    <message>
        <source>The average never spans more than a tenth of the run&apos;s points, so it cannot invent a trend: a short run is smoothed less, one of 10 points or fewer is drawn raw</source>
        <translation>平均窗口最多覆盖这次训练十分之一的数据点，所以不会凭空造出趋势：较短的训练平滑得少，10 个点及以下直接画原始值</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>对数 y 轴</translation>
    </message>
    <message>
        <source>Logarithmic loss axis</source>
        <translation>损失轴用对数坐标</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Exponential moving average of the train curves, as in TensorBoard (0 = raw, 0.99 = very smooth)</source>
        <translation>对训练曲线做指数滑动平均，和 TensorBoard 一样（0 = 原始，0.99 = 非常平滑）</translation>
    </message>
    <message>
        <source>x:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Horizontal axis: optimizer steps or epochs</source>
        <translation>横轴：优化步数或训练轮次</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Cross-entropy loss on training batches and the validation set</source>
        <translation>训练批次和验证集上的交叉熵损失</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率（%）</translation>
    </message>
    <message>
        <source>Classification accuracy</source>
        <translation>分类准确率</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Learning-rate schedule (log scale)</source>
        <translation>学习率调度（对数坐标）</translation>
    </message>
    <message>
        <source>Press &lt;b&gt;Train&lt;/b&gt; to see the loss curves</source>
        <translation>按&lt;b&gt;训练&lt;/b&gt;开始，这里会画出损失曲线</translation>
    </message>
    <message>
        <source>Accuracy appears here while the network trains</source>
        <translation>训练过程中这里显示准确率</translation>
    </message>
    <message>
        <source>Learning-rate schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>train (smoothed)</source>
        <translation>训练（平滑后）</translation>
    </message>
    <message>
        <source>train (raw)</source>
        <translation>训练（原始）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Hover a plot to read the values under the cursor</source>
        <translation>把鼠标移到图上，读取光标处的数值</translation>
    </message>
    <message>
        <source>latest step {step}</source>
        <translation>最新：第 {step} 步</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>epoch {epoch}</source>
        <translation>第 {epoch} 轮</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>loss {loss}</source>
        <translation>损失 {loss}</translation>
    </message>
    <message>
        <source>raw {loss}</source>
        <translation>原始 {loss}</translation>
    </message>
    <message>
        <source>acc {acc}</source>
        <translation>准确率 {acc}</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>loss {loss}, acc {acc}</source>
        <translation>损失 {loss}，准确率 {acc}</translation>
    </message>
</context>
<context>
    <name>CurvesTab</name>
    <message>
        <source>The average never spans more than a tenth of a run&apos;s points, so it cannot invent a trend: a short run is smoothed less, one of 10 points or fewer is drawn raw</source>
        <translation>平均窗口最多覆盖一条训练记录十分之一的数据点，所以不会凭空造出趋势：较短的训练记录平滑得少，10 个点及以下直接画原始值</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Error %</source>
        <translation>错误率 %</translation>
    </message>
    <message>
        <source>Loss, or error = 100 % − accuracy (as in Fig. 6 of He et al. 2015)</source>
        <translation>损失，或错误率 = 100 % − 准确率（同 He 等人 2015 图 6）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Log y</source>
        <translation>对数 y 轴</translation>
    </message>
    <message>
        <source>Smooths the per-step training curves (TensorBoard&apos;s EMA); validation points are per epoch and drawn as they are</source>
        <translation>平滑每一步的训练曲线（TensorBoard 的 EMA）；验证点每轮一个，按原样画出</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>x axis</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>DemoDialog</name>
    <message>
        <source>Degradation demo</source>
        <translation>退化问题演示</translation>
    </message>
    <message>
        <source>Trains plain-20, plain-56, ResNet-20 and ResNet-56 one after another on the same images and seed, then says what their training losses show.</source>
        <translation>用同样的图像和随机种子依次训练 plain-20、plain-56、ResNet-20 和 ResNet-56，然后看看它们的训练损失说明了什么。</translation>
    </message>
    <message>
        <source>Quick: {steps} steps per network, about {minutes:g} minutes on two CPU cores</source>
        <translation>快速：每个网络 {steps} 步，双核 CPU 约 {minutes:g} 分钟</translation>
    </message>
    <message>
        <source>Classroom: {steps} steps per network, about {minutes:g} minutes on two CPU cores</source>
        <translation>课堂：每个网络 {steps} 步，双核 CPU 约 {minutes:g} 分钟</translation>
    </message>
    <message>
        <source>Paper-like: 32×32 images, full width, 6000 SGD steps (GPU)</source>
        <translation>接近论文：32×32 图像，完整宽度，SGD 训练 6000 步（GPU）</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
</context>
<context>
    <name>Diagram</name>
    <message>
        <source>0-pad</source>
        <translation>补零</translation>
    </message>
    <message>
        <source>1 skip</source>
        <translation>1 条捷径</translation>
    </message>
    <message>
        <source>{n} skips</source>
        <translation>{n} 条捷径</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>basic</source>
        <translation>基本</translation>
    </message>
    <message>
        <source>bottleneck</source>
        <translation>瓶颈</translation>
    </message>
    <message>
        <source>stem</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>head</source>
        <translation>输出头</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>stage {stage}, block {block}</source>
        <translation>第 {stage} 阶段第 {block} 块</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <source>{kernel}×{kernel} conv</source>
        <translation>{kernel}×{kernel} 卷积</translation>
    </message>
    <message>
        <source>pool</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>{channels} ch</source>
        <translation>{channels} 通道</translation>
    </message>
    <message>
        <source>pool + fc</source>
        <translation>池化 + 全连接</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>shortcut</source>
        <translation>捷径</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>形状</translation>
    </message>
    <message>
        <source>params</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>shortcut share</source>
        <translation>捷径占比</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等映射</translation>
    </message>
    <message>
        <source>option A</source>
        <translation>选项 A</translation>
    </message>
    <message>
        <source>projection</source>
        <translation>投影</translation>
    </message>
    <message>
        <source>1×1 conv</source>
        <translation>1×1 卷积</translation>
    </message>
    <message>
        <source>scaling</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>excl. gating</source>
        <translation>互斥门控</translation>
    </message>
    <message>
        <source>gating</source>
        <translation>门控</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>dropout</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>捷径</translation>
    </message>
    <message>
        <source>none: a plain network</source>
        <translation>没有：普通网络</translation>
    </message>
    <message>
        <source>no arc: plain block · width ∝ gradient share</source>
        <translation>无弧线：普通块 · 线宽 ∝ 梯度占比</translation>
    </message>
    <message>
        <source>Gradient norm per block (log)</source>
        <translation>每块的梯度范数（对数）</translation>
    </message>
    <message>
        <source>grey: not measured yet — train to colour</source>
        <translation>灰色：尚未测量，训练后上色</translation>
    </message>
    <message>
        <source>measured {low} … {high}</source>
        <translation>实测 {low} … {high}</translation>
    </message>
    <message>
        <source>none (plain block)</source>
        <translation>无（普通块）</translation>
    </message>
    <message>
        <source>identity, zero-padded (option A)</source>
        <translation>恒等映射，补零（选项 A）</translation>
    </message>
    <message>
        <source>1×1 projection + BN</source>
        <translation>1×1 投影 + BN</translation>
    </message>
    <message>
        <source>1×1 projection, no BN</source>
        <translation>1×1 投影，无 BN</translation>
    </message>
    <message>
        <source>1×1 conv, no BN</source>
        <translation>1×1 卷积，无 BN</translation>
    </message>
    <message>
        <source>constant scaling λx</source>
        <translation>常数缩放 λx</translation>
    </message>
    <message>
        <source>exclusive gating (1−g)·x + g·F(x)</source>
        <translation>互斥门控 (1−g)·x + g·F(x)</translation>
    </message>
    <message>
        <source>shortcut-only gating (1−g)·x</source>
        <translation>仅捷径门控 (1−g)·x</translation>
    </message>
    <message>
        <source>constant scaling ×{scale}</source>
        <translation>常数缩放 ×{scale}</translation>
    </message>
    <message>
        <source>{shortcut} + 1×1 projection</source>
        <translation>{shortcut} + 1×1 投影</translation>
    </message>
    <message>
        <source>{shortcut}, after the BN → ReLU both paths share</source>
        <translation>{shortcut}，在两条路径共用的 BN → ReLU 之后</translation>
    </message>
    <message>
        <source>1 block</source>
        <translation>1 个块</translation>
    </message>
    <message>
        <source>{n} blocks</source>
        <translation>{n} 个块</translation>
    </message>
    <message>
        <source>{depth} layers · {params} params · {macs} MACs</source>
        <translation>{depth} 层 · {params} 参数 · {macs} 次乘加</translation>
    </message>
    <message>
        <source>{ratio:g}× the preset&apos;s width</source>
        <translation>宽度为预设的 {ratio:g} 倍</translation>
    </message>
    <message>
        <source>input {shape}</source>
        <translation>输入 {shape}</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>invalid spec</source>
        <translation>网络定义无效</translation>
    </message>
    <message>
        <source>Invalid spec — {error}</source>
        <translation>网络定义无效 —— {error}</translation>
    </message>
    <message>
        <source>Stage {stage}</source>
        <translation>第 {stage} 阶段</translation>
    </message>
    <message>
        <source>click to expand</source>
        <translation>点击展开</translation>
    </message>
    <message>
        <source>click to collapse</source>
        <translation>点击折叠</translation>
    </message>
    <message>
        <source>{n} × {kind} blocks</source>
        <translation>{n} × {kind}块</translation>
    </message>
    <message>
        <source>blocks</source>
        <translation>块</translation>
    </message>
    <message>
        <source>shortcuts</source>
        <translation>捷径</translation>
    </message>
    <message>
        <source>mean shortcut share</source>
        <translation>平均捷径占比</translation>
    </message>
    <message>
        <source>Stage {stage} (collapsed — click to expand)</source>
        <translation>第 {stage} 阶段（已折叠，点击展开）</translation>
    </message>
</context>
<context>
    <name>DiagramSidebar</name>
    <message>
        <source>&lt;b&gt;How to read it.&lt;/b&gt; Each block computes F(x); its shortcut carries x around the block and ⊕ adds them:&lt;p align=&apos;center&apos; style=&apos;color:{ink}&apos;&gt;y = F(x) + x &amp;nbsp;⇒&amp;nbsp; ∂y/∂x = ∂F/∂x + 1&lt;/p&gt;so the gradient reaches the early blocks through the shortcuts even when F passes little of it. Colour: gradient norm per block (dark = small). Arc width: the part of the block&apos;s input gradient that came through the shortcut.</source>
        <translation>&lt;b&gt;怎么看这张图。&lt;/b&gt;每个残差块计算 F(x)；捷径连接把 x 绕过这个块送过去，⊕ 把两者相加：&lt;p align=&apos;center&apos; style=&apos;color:{ink}&apos;&gt;y = F(x) + x &amp;nbsp;⇒&amp;nbsp; ∂y/∂x = ∂F/∂x + 1&lt;/p&gt;所以即使 F 传回的梯度很少，梯度也能经由捷径到达前面的块。颜色：每个块的梯度范数（越暗越小）。弧线粗细：该块输入梯度中经由捷径传来的那一部分。</translation>
    </message>
    <message>
        <source>&lt;b&gt;How to read it.&lt;/b&gt; A plain net has no shortcuts: the gradient reaches the early blocks only through every later block&apos;s weights. Colour: gradient norm per block (dark = small). With batch norm the early blocks get more gradient than the last ones at the start of training; without it they get less, the vanishing gradient. Deeper plain nets train worse even with batch norm (He et al. 2015, Fig. 1): the degradation problem.</source>
        <translation>&lt;b&gt;怎么看这张图。&lt;/b&gt;普通网络没有捷径连接：梯度只能穿过后面每一个块的权重才能到达前面的块。颜色：每个块的梯度范数（越暗越小）。有批归一化时，训练刚开始前面的块得到的梯度比最后几个块更大；没有批归一化时则更小，这就是梯度消失。即使有批归一化，更深的普通网络也训练得更差（He 等人 2015，图 1）：这就是退化问题。</translation>
    </message>
</context>
<context>
    <name>DiagramWidget</name>
    <message>
        <source>Collapse all</source>
        <translation>全部折叠</translation>
    </message>
    <message>
        <source>Fold every stage into one box</source>
        <translation>把每个阶段折叠成一个方框</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <source>Show every block and its shortcut</source>
        <translation>显示每个块和它的捷径</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Zoom to fit (Ctrl+wheel zooms)</source>
        <translation>缩放到适合窗口（Ctrl+滚轮缩放）</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>Export the whole diagram as a PNG image</source>
        <translation>把整张结构图导出为 PNG 图片</translation>
    </message>
    <message>
        <source>SVG…</source>
        <translation>SVG…</translation>
    </message>
    <message>
        <source>Export the whole diagram as an SVG drawing</source>
        <translation>把整张结构图导出为 SVG 矢量图</translation>
    </message>
    <message>
        <source>Export diagram as PNG</source>
        <translation>导出结构图为 PNG</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export diagram as SVG</source>
        <translation>导出结构图为 SVG</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {path}:</source>
        <translation>无法写入 {path}：</translation>
    </message>
</context>
<context>
    <name>Edits</name>
    <message>
        <source>stage {stage}, block {block}</source>
        <translation>第 {stage} 阶段第 {block} 块</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>same</source>
        <translation>same</translation>
    </message>
    <message>
        <source>Set {field} of {where} to {value}</source>
        <translation>把{where}的{field}设为 {value}</translation>
    </message>
    <message>
        <source>Apply the options of {block} to stage {stage}</source>
        <translation>把{block}的设置应用到第 {stage} 阶段</translation>
    </message>
    <message>
        <source>Apply the options of {block} to every block</source>
        <translation>把{block}的设置应用到所有块</translation>
    </message>
    <message>
        <source>Set the network&apos;s {field}</source>
        <translation>设置网络的{field}</translation>
    </message>
    <message>
        <source>the input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>the stem</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>the head</source>
        <translation>输出头</translation>
    </message>
    <message>
        <source>Set {field} of {part} to {value}</source>
        <translation>把{part}的{field}设为 {value}</translation>
    </message>
    <message>
        <source>Set depth of stage {stage} to 1 block</source>
        <translation>把第 {stage} 阶段设为 1 个块</translation>
    </message>
    <message>
        <source>Set depth of stage {stage} to {n} blocks</source>
        <translation>把第 {stage} 阶段设为 {n} 个块</translation>
    </message>
    <message>
        <source>Rename stage {stage}</source>
        <translation>重命名第 {stage} 阶段</translation>
    </message>
    <message>
        <source>Add {block}</source>
        <translation>添加{block}</translation>
    </message>
    <message>
        <source>Duplicate {block}</source>
        <translation>复制{block}</translation>
    </message>
    <message>
        <source>Remove {block}</source>
        <translation>删除{block}</translation>
    </message>
    <message>
        <source>Move {block} to {target}</source>
        <translation>把{block}移到{target}</translation>
    </message>
    <message>
        <source>Add stage {stage}</source>
        <translation>添加第 {stage} 阶段</translation>
    </message>
    <message>
        <source>Remove stage {stage}</source>
        <translation>删除第 {stage} 阶段</translation>
    </message>
</context>
<context>
    <name>Explorer</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>error (%)</source>
        <translation>错误率（%）</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>no validation measured in these runs yet</source>
        <translation>这些训练记录还没有验证结果</translation>
    </message>
    <message>
        <source>None of the selected runs stored a Grad-CAM snapshot</source>
        <translation>选中的训练记录都没有保存 Grad-CAM 快照</translation>
    </message>
    <message>
        <source>These runs recorded no per-layer gradients</source>
        <translation>这些训练记录没有保存各层梯度</translation>
    </message>
    <message>
        <source>Select runs to compare them
(click a run; Ctrl+click or Shift+click adds more)</source>
        <translation>选择训练记录来比较
（单击一条；按住 Ctrl 或 Shift 单击可多选）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>wall time (s)</source>
        <translation>用时（秒）</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>网络结构</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>捷径</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活位置</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Stage widths</source>
        <translation>各阶段宽度</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Final train loss</source>
        <translation>最终训练损失</translation>
    </message>
    <message>
        <source>Final train error (%)</source>
        <translation>最终训练错误率（%）</translation>
    </message>
    <message>
        <source>Best val acc (%)</source>
        <translation>最佳验证准确率（%）</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>用时（秒）</translation>
    </message>
</context>
<context>
    <name>ExplorerWidget</name>
    <message>
        <source>No runs yet — train one, or press &apos;Degradation demo&apos;</source>
        <translation>还没有训练记录 —— 训练一个，或者点“退化问题演示”</translation>
    </message>
    <message>
        <source>No run matches these filters</source>
        <translation>没有符合筛选条件的训练记录</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add runs exported as JSON to this store</source>
        <translation>把导出为 JSON 的训练记录加入本机记录库</translation>
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
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>Analyses</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Open in main view</source>
        <translation>在主视图中打开</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Save the overlaid curves for a slide or a paper (PNG or SVG)</source>
        <translation>把叠加的曲线存成图片，用于幻灯片或论文（PNG 或 SVG）</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图片…</translation>
    </message>
    <message>
        <source>SVG vector image…</source>
        <translation>SVG 矢量图…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>comparing the first {max} of {n} selected</source>
        <translation>选中了 {n} 条，比较前 {max} 条</translation>
    </message>
    <message>
        <source>{n} selected</source>
        <translation>选中 {n} 条</translation>
    </message>
    <message>
        <source>{text} ({hidden} hidden by filters)</source>
        <translation>{text}（{hidden} 条被筛选隐藏）</translation>
    </message>
    <message>
        <source>Continue this run from its last checkpoint, in the same run: its curves carry on</source>
        <translation>从最后一个检查点接着训练，仍记在同一条训练记录里，曲线会接着画下去</translation>
    </message>
    <message>
        <source>Select one stopped or interrupted run to resume it</source>
        <translation>选中一条已停止或已中断的训练记录才能继续训练</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {path}:</source>
        <translation>无法写入 {path}：</translation>
    </message>
    <message>
        <source>Resume training</source>
        <translation>继续训练</translation>
    </message>
</context>
<context>
    <name>FieldForm</name>
    <message>
        <source>plain: two convs, no shortcut</source>
        <translation>普通块：两层卷积，没有捷径</translation>
    </message>
    <message>
        <source>basic: two 3×3 convs + shortcut</source>
        <translation>基本块：两层 3×3 卷积 + 捷径</translation>
    </message>
    <message>
        <source>bottleneck: 1×1 · 3×3 · 1×1 + shortcut</source>
        <translation>瓶颈块：1×1 · 3×3 · 1×1 + 捷径</translation>
    </message>
    <message>
        <source>kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>shortcut</source>
        <translation>捷径</translation>
    </message>
    <message>
        <source>activation placement</source>
        <translation>激活位置</translation>
    </message>
    <message>
        <source>channels</source>
        <translation>通道数</translation>
    </message>
    <message>
        <source>expansion</source>
        <translation>扩展倍数</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>λ scale</source>
        <translation>λ 缩放</translation>
    </message>
    <message>
        <source>branch scaling (1 − λ)</source>
        <translation>分支缩放（1 − λ）</translation>
    </message>
    <message>
        <source>gate bias</source>
        <translation>门控偏置</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>dropout</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>max-pool</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>final BN-ReLU</source>
        <translation>末尾 BN-ReLU</translation>
    </message>
    <message>
        <source>Plain blocks have no shortcut. Basic: the 2015 residual block. Bottleneck: 1×1 reduce, 3×3, 1×1 expand.</source>
        <translation>普通块没有捷径。基本块：2015 年论文里的残差块。瓶颈块：先用 1×1 降维，再 3×3，最后 1×1 升维（瓶颈结构）。</translation>
    </message>
    <message>
        <source>How x reaches the addition y = F(x) + h(x). Option A/B/C are from He et al. 2015; scaling, gating, 1×1 conv and dropout from He et al. 2016, Fig. 2.</source>
        <translation>x 通过什么方式到达相加处 y = F(x) + h(x)，也就是捷径连接的形式。选项 A/B/C 出自 He 等人 2015；缩放、门控、1×1 卷积和 dropout 出自 He 等人 2016 的图 2。</translation>
    </message>
    <message>
        <source>Where BN and ReLU sit relative to the addition (He et al. 2016, Fig. 4). Full pre-activation keeps the shortcut a clean identity; a unit that changes the shape applies its first BN → ReLU once, for both paths, as the authors&apos; code does, and its projection (options B, C) has no BN.</source>
        <translation>BN 和 ReLU 放在相加之前还是之后（He 等人 2016，图 4）。完全预激活让捷径保持干净的恒等映射；改变形状的单元按作者的代码只做一次第一个 BN → ReLU，两条路径共用，其投影（选项 B、C）不带 BN。</translation>
    </message>
    <message>
        <source>Output width. For a bottleneck: the inner width; it outputs channels × expansion.</source>
        <translation>输出通道数。瓶颈块里指中间层的宽度，输出为 通道数 × 扩展倍数。</translation>
    </message>
    <message>
        <source>A bottleneck outputs channels × expansion (4 in the papers).</source>
        <translation>瓶颈块输出 通道数 × 扩展倍数（论文里是 4）。</translation>
    </message>
    <message>
        <source>2 halves the feature map (the first block of a stage, in the papers).</source>
        <translation>取 2 时特征图长宽减半（论文里用在每个阶段的第一个块）。</translation>
    </message>
    <message>
        <source>Size of the spatial convolutions (3 in the papers).</source>
        <translation>空间卷积核的大小（论文里是 3）。</translation>
    </message>
    <message>
        <source>&apos;same&apos; keeps the feature map size (kernel // 2). Less padding shrinks it, which a shortcut cannot follow.</source>
        <translation>“same” 保持特征图大小（kernel // 2）。填充更少会让特征图变小，捷径就对不上了。</translation>
    </message>
    <message>
        <source>Batch normalisation after each conv (before it, with pre-activation).</source>
        <translation>每层卷积之后做批归一化（预激活时放在卷积之前）。</translation>
    </message>
    <message>
        <source>h(x) = λx: the constant-scaling shortcut (He et al. 2016, Fig. 2b).</source>
        <translation>h(x) = λx：常数缩放捷径（He 等人 2016，图 2b）。</translation>
    </message>
    <message>
        <source>Also scale the residual branch by 1 − λ.</source>
        <translation>残差分支也乘以 1 − λ。</translation>
    </message>
    <message>
        <source>Initial gate bias b_g; −6 keeps the shortcut open at the start, as in the paper.</source>
        <translation>门控偏置 b_g 的初值；取 −6 时捷径一开始是打开的，和论文一致。</translation>
    </message>
    <message>
        <source>Probability of dropping the shortcut (He et al. 2016, Fig. 2f).</source>
        <translation>丢弃捷径的概率（He 等人 2016，图 2f）。</translation>
    </message>
    <message>
        <source>ReLU after the stem convolution.</source>
        <translation>第一层卷积之后接 ReLU。</translation>
    </message>
    <message>
        <source>3×3 max-pool with stride 2 after the stem (ImageNet nets).</source>
        <translation>第一层卷积之后接步幅为 2 的 3×3 最大池化（ImageNet 网络）。</translation>
    </message>
    <message>
        <source>BN + ReLU before pooling: needed after full pre-activation units.</source>
        <translation>池化前加 BN + ReLU：用完全预激活单元时需要。</translation>
    </message>
    <message>
        <source>Number of output classes of the classifier.</source>
        <translation>分类器输出的类别数。</translation>
    </message>
    <message>
        <source>no shortcut (plain)</source>
        <translation>没有捷径（普通网络）</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等映射</translation>
    </message>
    <message>
        <source>option A: identity, zero-pad when the shape changes</source>
        <translation>选项 A：恒等映射，形状变化时补零</translation>
    </message>
    <message>
        <source>option B: projection only when the shape changes</source>
        <translation>选项 B：仅在形状变化时用投影</translation>
    </message>
    <message>
        <source>option C: projection everywhere</source>
        <translation>选项 C：处处用投影</translation>
    </message>
    <message>
        <source>constant scaling λx</source>
        <translation>常数缩放 λx</translation>
    </message>
    <message>
        <source>exclusive gating</source>
        <translation>互斥门控</translation>
    </message>
    <message>
        <source>shortcut-only gating</source>
        <translation>仅捷径门控</translation>
    </message>
    <message>
        <source>1×1 conv shortcut</source>
        <translation>1×1 卷积捷径</translation>
    </message>
    <message>
        <source>dropout shortcut</source>
        <translation>dropout 捷径</translation>
    </message>
    <message>
        <source>original (ReLU after addition)</source>
        <translation>原始（相加后 ReLU）</translation>
    </message>
    <message>
        <source>BN after addition</source>
        <translation>相加后 BN</translation>
    </message>
    <message>
        <source>ReLU before addition</source>
        <translation>相加前 ReLU</translation>
    </message>
    <message>
        <source>ReLU-only pre-activation</source>
        <translation>仅 ReLU 预激活</translation>
    </message>
    <message>
        <source>full pre-activation</source>
        <translation>完全预激活</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>e.g. resnet56</source>
        <translation>例如 resnet56</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Image channels</source>
        <translation>图像通道数</translation>
    </message>
    <message>
        <source>Image height</source>
        <translation>图像高度</translation>
    </message>
    <message>
        <source>Image width</source>
        <translation>图像宽度</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>BN after the conv</source>
        <translation>卷积后做批归一化</translation>
    </message>
    <message>
        <source>Batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>ReLU after the conv</source>
        <translation>卷积后接 ReLU</translation>
    </message>
    <message>
        <source>3×3 max-pool, stride 2</source>
        <translation>3×3 最大池化，步幅 2</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可不填</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>块数</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活位置</translation>
    </message>
    <message>
        <source>same (kernel // 2)</source>
        <translation>same（kernel // 2）</translation>
    </message>
    <message>
        <source>BN in the block</source>
        <translation>块内做批归一化</translation>
    </message>
    <message>
        <source>also scale F by 1 − λ</source>
        <translation>F 也乘以 1 − λ</translation>
    </message>
    <message>
        <source>Branch scaling</source>
        <translation>分支缩放</translation>
    </message>
    <message>
        <source>Gate bias b_g</source>
        <translation>门控偏置 b_g</translation>
    </message>
    <message>
        <source>Shortcut dropout</source>
        <translation>捷径 dropout</translation>
    </message>
    <message>
        <source>before pooling</source>
        <translation>在池化之前</translation>
    </message>
    <message>
        <source>Final BN-ReLU</source>
        <translation>末尾 BN-ReLU</translation>
    </message>
    <message>
        <source>Dropout before fc</source>
        <translation>全连接层前 dropout</translation>
    </message>
    <message>
        <source>Inner width</source>
        <translation>中间宽度</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>通道数</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>&amp;New network</source>
        <translation>新建网络(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open network</source>
        <translation>打开网络</translation>
    </message>
    <message>
        <source>Cannot open the network</source>
        <translation>无法打开网络</translation>
    </message>
    <message>
        <source>Save network as</source>
        <translation>网络另存为</translation>
    </message>
    <message>
        <source>Cannot save the network</source>
        <translation>无法保存网络</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <source>The network “{name}” has unsaved changes. Save them?</source>
        <translation>网络“{name}”有未保存的修改，要保存吗？</translation>
    </message>
    <message>
        <source>resviz closed before changes to “{path}” ({name}) were saved.</source>
        <translation>resviz 上次关闭时，“{path}”（{name}）的修改还没有保存。</translation>
    </message>
    <message>
        <source>resviz closed before changes to a network that was never saved ({name}) were saved.</source>
        <translation>resviz 上次关闭时，一个从未保存过的网络（{name}）的修改还没有保存。</translation>
    </message>
    <message>
        <source>Restore unsaved changes?</source>
        <translation>恢复未保存的修改？</translation>
    </message>
    <message>
        <source>Restore them?</source>
        <translation>要恢复吗？</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近打开的文件</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>resviz network (*.json);;All files (*)</source>
        <translation>resviz 网络 (*.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>All tags</source>
        <translation>所有标签</translation>
    </message>
    <message>
        <source>Search name, architecture, tags, notes…</source>
        <translation>搜索名称、网络结构、标签、备注…</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Plain and residual</source>
        <translation>普通和残差</translation>
    </message>
    <message>
        <source>Plain only</source>
        <translation>只看普通网络</translation>
    </message>
    <message>
        <source>Residual only</source>
        <translation>只看残差网络</translation>
    </message>
    <message>
        <source>{total} runs</source>
        <translation>共 {total} 条</translation>
    </message>
    <message>
        <source>{shown} of {total} runs</source>
        <translation>{shown} / {total} 条</translation>
    </message>
</context>
<context>
    <name>GradCam</name>
    <message>
        <source>The block whose feature maps Grad-CAM weighs.
Deeper blocks give coarser, more semantic maps; early ones follow edges and texture.</source>
        <translation>Grad-CAM 对哪个块的特征图加权。
越深的块给出的图越粗、越有语义；前面的块跟着边缘和纹理走。</translation>
    </message>
    <message>
        <source>Which class&apos;s evidence to show: the class the network predicted, the true class,
or any class (&apos;where would it see a ring here?&apos;).</source>
        <translation>显示哪个类别的依据：网络预测的类别、真实类别，
或任意一个类别（“它会在这里的哪里看到圆环？”）。</translation>
    </message>
    <message>
        <source>true: {true} · pred: {pred}</source>
        <translation>真实：{true} · 预测：{pred}</translation>
    </message>
    <message>
        <source>true: {name}</source>
        <translation>真实：{name}</translation>
    </message>
    <message>
        <source>pred: {name}</source>
        <translation>预测：{name}</translation>
    </message>
    <message>
        <source>map peak at pixel ({x}, {y})</source>
        <translation>热力图峰值在像素 ({x}, {y})</translation>
    </message>
    <message>
        <source>map peak at pixel ({x}, {y}), inside the object&apos;s box</source>
        <translation>热力图峰值在像素 ({x}, {y})，在物体框内</translation>
    </message>
    <message>
        <source>map peak at pixel ({x}, {y}), outside the object&apos;s box</source>
        <translation>热力图峰值在像素 ({x}, {y})，在物体框外</translation>
    </message>
    <message>
        <source>Grad-CAM maps appear after the first epoch, or press Compute</source>
        <translation>第一轮训练结束后会出现 Grad-CAM 热力图，也可以点“计算”</translation>
    </message>
    <message>
        <source>Each map shows which parts of an image the chosen block relies on for a class: warm colours raise the class&apos;s score, cool ones do not.</source>
        <translation>每张热力图显示所选的块判断某个类别时依靠图像的哪些部分：暖色提高这个类别的得分，冷色不提高。</translation>
    </message>
    <message>
        <source>Computing Grad-CAM…</source>
        <translation>正在计算 Grad-CAM…</translation>
    </message>
    <message>
        <source>pointing game {score:.0%} ± {se:.0%} on {n} images (chance {chance:.0%}, centre {centre:.0%})</source>
        <translation>指向游戏 {score:.0%} ± {se:.0%}（{n} 张图像；机会水平 {chance:.0%}，中心 {centre:.0%}）</translation>
    </message>
    <message>
        <source>pointing game {score:.0%}</source>
        <translation>指向游戏 {score:.0%}</translation>
    </message>
    <message>
        <source>Pointing game: the share of validation images whose true-class Grad-CAM peak lies inside
the object&apos;s box, ± its standard error. It means something only beside two baselines
scored on the same boxes: chance, what a map with a random peak gets (the boxes&apos; mean
share of the image), and centre, what a map that always peaks at the image centre gets.</source>
        <translation>指向游戏：真实类别的 Grad-CAM 峰值落在物体框内的验证图像所占的比例，± 为标准误差。
只有和同一批框上的两个基线对比才有意义：机会水平，即峰值随机的热力图的得分
（框平均占图像的比例）；中心，即峰值总在图像中心的热力图的得分。</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
</context>
<context>
    <name>GradCamPanel</name>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>maps for the {kind}</source>
        <translation>{kind}的热力图</translation>
    </message>
    <message>
        <source>opacity {value}%</source>
        <translation>不透明度 {value}%</translation>
    </message>
    <message>
        <source>Export Grad-CAM grid</source>
        <translation>导出 Grad-CAM 网格</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Pick another folder or file name.</source>
        <translation>请换一个文件夹或文件名。</translation>
    </message>
    <message>
        <source>class “{name}”</source>
        <translation>类别“{name}”</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>press Compute to see them.</source>
        <translation>点“计算”查看。</translation>
    </message>
    <message>
        <source>Showing maps of {shown}; maps of {wanted}: {todo}</source>
        <translation>现在显示的是 {shown} 的热力图；{wanted} 的热力图：{todo}</translation>
    </message>
    <message>
        <source>Showing the predicted class; maps for “{name}”: {todo}</source>
        <translation>现在显示的是预测类别；“{name}”的热力图：{todo}</translation>
    </message>
    <message>
        <source>epoch {epoch} · step {step}</source>
        <translation>{epoch} 轮后 · 第 {step} 步</translation>
    </message>
</context>
<context>
    <name>GradCamTab</name>
    <message>
        <source>Compute the missing ones</source>
        <translation>计算缺少的</translation>
    </message>
    <message>
        <source>Compute Grad-CAM from the checkpoints</source>
        <translation>从检查点计算 Grad-CAM</translation>
    </message>
    <message>
        <source>For each selected run with a checkpoint and no snapshot: Grad-CAM of its last block on its validation images, kept in the store</source>
        <translation>对所选的每条有检查点但还没有快照的训练记录：在它的验证图像上计算最后一个块的 Grad-CAM，并保存在记录库中</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>high attention</source>
        <translation>关注度高</translation>
    </message>
    <message>
        <source>Each run&apos;s latest snapshot: where the net looked for the class it predicted.</source>
        <translation>每条训练记录最新的快照：网络判断它预测的类别时看向了哪里。</translation>
    </message>
    <message>
        <source>The runs&apos; snapshots are of different images: compare across rows with care.</source>
        <translation>这些训练记录的快照用的是不同的图像：跨行比较时要小心。</translation>
    </message>
    <message>
        <source>No snapshot: {runs}.</source>
        <translation>没有快照：{runs}。</translation>
    </message>
    <message>
        <source>images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>step {step} · epoch {epoch} · {layer}</source>
        <translation>第 {step} 步 · {epoch} 轮后 · {layer}</translation>
    </message>
    <message>
        <source>predicted {pred}, true {true}</source>
        <translation>预测 {pred}，真实 {true}</translation>
    </message>
    <message>
        <source>Could not compute Grad-CAM for run {id}: {message}</source>
        <translation>无法为训练记录 {id} 计算 Grad-CAM：{message}</translation>
    </message>
    <message>
        <source>Computing Grad-CAM for run {id} from its checkpoint…</source>
        <translation>正在从检查点为训练记录 {id} 计算 Grad-CAM…</translation>
    </message>
</context>
<context>
    <name>GradientPanel</name>
    <message>
        <source>Earlier profiles</source>
        <translation>较早的分布</translation>
    </message>
    <message>
        <source>Draw a few earlier per-layer profiles, faded, to see them change</source>
        <translation>用淡色画出几条较早的各层梯度分布，看看它们怎样变化</translation>
    </message>
    <message>
        <source>layer  (input → output)</source>
        <translation>层（输入 → 输出）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>‖∂L/∂W‖ per layer</source>
        <translation>各层的 ‖∂L/∂W‖</translation>
    </message>
    <message>
        <source>latest</source>
        <translation>最新</translation>
    </message>
    <message>
        <source>earlier</source>
        <translation>较早</translation>
    </message>
    <message>
        <source>Gradient magnitude of every layer over training (log colour)</source>
        <translation>训练过程中每一层的梯度大小（对数色标）</translation>
    </message>
    <message>
        <source>The latest gradient magnitude of every layer; faded lines are earlier steps</source>
        <translation>每一层最新的梯度大小；淡色线是较早的步数</translation>
    </message>
    <message>
        <source>‖∂L/∂W‖  (log scale)</source>
        <translation>‖∂L/∂W‖（对数坐标）</translation>
    </message>
    <message>
        <source>Per-layer gradients appear after the first probe. Press &lt;b&gt;Train&lt;/b&gt;.</source>
        <translation>第一次测量后这里显示各层梯度。请按&lt;b&gt;训练&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>Latest profile</source>
        <translation>最新分布</translation>
    </message>
    <message>
        <source>input at the top</source>
        <translation>输入端在上</translation>
    </message>
    <message>
        <source>{ratio}× the largest layer</source>
        <translation>是最大一层的 {ratio} 倍</translation>
    </message>
    <message>
        <source>latest step {step}</source>
        <translation>最新：第 {step} 步</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>(#{index} of {count})</source>
        <translation>（第 {index} 层，共 {count} 层）</translation>
    </message>
    <message>
        <source>Hover the heatmap to read a layer&apos;s gradient</source>
        <translation>把鼠标移到热力图上，读取某一层的梯度</translation>
    </message>
    <message>
        <source>the gradient &lt;b&gt;grows toward the input&lt;/b&gt;: median ‖∂L/∂W‖ of the first quarter of layers {first}, of the last quarter {last}, {ratio}× as large</source>
        <translation>梯度&lt;b&gt;越靠近输入越大&lt;/b&gt;：前四分之一层的 ‖∂L/∂W‖ 中位数为 {first}，后四分之一层为 {last}，是后者的 {ratio} 倍</translation>
    </message>
    <message>
        <source>the gradient &lt;b&gt;shrinks toward the input&lt;/b&gt; (vanishing gradient): median ‖∂L/∂W‖ of the first quarter of layers {first}, of the last quarter {last}, 1/{inverse} as large</source>
        <translation>梯度&lt;b&gt;越靠近输入越小&lt;/b&gt;（梯度消失）：前四分之一层的 ‖∂L/∂W‖ 中位数为 {first}，后四分之一层为 {last}，只有后者的 1/{inverse}</translation>
    </message>
    <message>
        <source>the gradient shows &lt;b&gt;no clear trend across depth&lt;/b&gt; (within {factor}× either way): median ‖∂L/∂W‖ of the first quarter of layers {first}, of the last quarter {last}, {ratio}× as large</source>
        <translation>梯度在各层深度上&lt;b&gt;没有明显的增减趋势&lt;/b&gt;（相差在 {factor} 倍以内）：前四分之一层的 ‖∂L/∂W‖ 中位数为 {first}，后四分之一层为 {last}，是后者的 {ratio} 倍</translation>
    </message>
</context>
<context>
    <name>GradientsTab</name>
    <message>
        <source>One colour range</source>
        <translation>统一颜色范围</translation>
    </message>
    <message>
        <source>Colour every run&apos;s diagram on one gradient range, so the pictures compare; off: each run on its own range</source>
        <translation>所有训练记录的结构图用同一个梯度颜色范围，图才能相互比较；关闭后每条训练记录用各自的范围</translation>
    </message>
    <message>
        <source>Each run shows its probe at the nearest step at or before this one</source>
        <translation>每条训练记录显示不晚于这一步的最近一次测量</translation>
    </message>
    <message>
        <source>Relative depth</source>
        <translation>相对深度</translation>
    </message>
    <message>
        <source>Layer index</source>
        <translation>层序号</translation>
    </message>
    <message>
        <source>Relative depth lines up networks of different depths (0 = input)</source>
        <translation>相对深度把不同深度的网络对齐（0 = 输入）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>x axis</source>
        <translation>横轴</translation>
    </message>
    <message>
        <source>Per-layer gradient ‖∂L/∂W‖</source>
        <translation>各层梯度 ‖∂L/∂W‖</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message>
        <source>relative depth (0 = input)</source>
        <translation>相对深度（0 = 输入）</translation>
    </message>
    <message>
        <source>layer index</source>
        <translation>层序号</translation>
    </message>
    <message>
        <source>no probe by this step</source>
        <translation>到这一步还没有测量</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>普通</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>Line: initial → trained</source>
        <translation>直线：初始 → 训练后</translation>
    </message>
    <message>
        <source>Plane: contour</source>
        <translation>平面：等高线</translation>
    </message>
    <message>
        <source>Plane: surface</source>
        <translation>平面：曲面</translation>
    </message>
    <message>
        <source>Compute the line</source>
        <translation>计算直线</translation>
    </message>
    <message>
        <source>Compute the plane</source>
        <translation>计算平面</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Points per side of the plane (the line gets 31)</source>
        <translation>平面每边的点数（直线固定 31 个点）</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>The first N training images, the same for every run</source>
        <translation>前 N 张训练图像，每条训练记录都用同一批</translation>
    </message>
    <message>
        <source>Line: the training loss at θ0 + α(θ1 − θ0), from the initial weights θ0 (α = 0) to the trained ones θ1 (α = 1), as Goodfellow et al. 2015 drew it; at each α batch norm&apos;s statistics are measured again on the same images, so every point is that network&apos;s loss with statistics of its own: α = 0 is the network before training, α = 1 the trained one. Plane: the loss around the trained weights along two random directions, each filter scaled to its weights&apos; filter, batch norm and biases left out (Li et al. 2018). In Li et al.&apos;s figures ResNet-56&apos;s plane looks like one smooth bowl and plain-56&apos;s is chaotic.</source>
        <translation>直线：在 θ0 + α(θ1 − θ0) 处的训练损失，从初始权重 θ0（α = 0）一直走到训练后的权重 θ1（α = 1），就像 Goodfellow 等人 2015 年画的那样；在每个 α 处，批归一化的统计量都会在同一批图像上重新测一遍，所以每个点都是那个网络用它自己的统计量得到的损失：α = 0 是训练前的网络，α = 1 是训练后的网络。平面：沿两个随机方向看训练后权重周围的损失，每个方向的滤波器都缩放到对应权重滤波器的大小，批归一化和偏置不参与（Li 等人 2018）。在 Li 等人的图里，ResNet-56 的平面像一个光滑的碗，而普通网络 plain-56 的则杂乱无章。</translation>
    </message>
    <message>
        <source>Run {id}: the loss along the line…</source>
        <translation>训练记录 {id}：正在计算沿直线的损失…</translation>
    </message>
    <message>
        <source>Run {id}: the loss on the plane…</source>
        <translation>训练记录 {id}：正在计算平面上的损失…</translation>
    </message>
    <message>
        <source>Open a finished run (Compare runs, double-click) to study it.</source>
        <translation>先打开一条已完成的训练记录（在“比较训练记录”里双击）再来研究它。</translation>
    </message>
    <message>
        <source>Run {id} did not keep its initial weights (it was trained before resviz kept them, or imported without them): train it again to see this line.</source>
        <translation>训练记录 {id} 没有保存初始权重（它是在 resviz 开始保存之前训练的，或导入时没有带上）：重新训练一次就能看到这条直线。</translation>
    </message>
    <message>
        <source>Run {id} has no loss line yet: press &apos;Compute the line&apos;.</source>
        <translation>训练记录 {id} 还没有损失直线：请按“计算直线”。</translation>
    </message>
    <message>
        <source>Run {id} has no loss plane yet: press &apos;Compute the plane&apos;.</source>
        <translation>训练记录 {id} 还没有损失平面：请按“计算平面”。</translation>
    </message>
    <message>
        <source>Run {id}: loss on {images} training images along the line.</source>
        <translation>训练记录 {id}：沿直线在 {images} 张训练图像上的损失。</translation>
    </message>
    <message>
        <source>Run {id}: loss on {images} training images along the line, with batch norm&apos;s statistics interpolated between the ends (at α = 0 they do not normalise): compute the line again to measure them at each α.</source>
        <translation>训练记录 {id}：沿这条直线在 {images} 张训练图像上的损失，批归一化的统计量是在两端之间插值得到的（在 α = 0 处它们起不到归一化的作用）：请重新计算这条直线，在每个 α 处重新测量统计量。</translation>
    </message>
    <message>
        <source>Loss from the initial to the trained weights, run {id}</source>
        <translation>训练记录 {id}：从初始权重到训练后权重的损失</translation>
    </message>
    <message>
        <source>Run {id}: loss on {images} training images, {n}×{n} grid, directions seed {seed}.</source>
        <translation>训练记录 {id}：{images} 张训练图像上的损失，{n}×{n} 网格，方向种子 {seed}。</translation>
    </message>
    <message>
        <source>Loss landscape of run {id}</source>
        <translation>训练记录 {id} 的损失地形</translation>
    </message>
</context>
<context>
    <name>LayerEdits</name>
    <message>
        <source>Customise stage {stage}, block {block}</source>
        <translation>自定义第 {stage} 阶段第 {block} 块</translation>
    </message>
    <message>
        <source>Add {layer} to stage {stage}, block {block}</source>
        <translation>在第 {stage} 阶段第 {block} 块中添加{layer}</translation>
    </message>
    <message>
        <source>Remove {layer} from stage {stage}, block {block}</source>
        <translation>从第 {stage} 阶段第 {block} 块中删除{layer}</translation>
    </message>
    <message>
        <source>Move layer {old} to position {new}</source>
        <translation>把第 {old} 层移到第 {new} 位</translation>
    </message>
    <message>
        <source>Set {field} of layer {number} to {value}</source>
        <translation>把第 {number} 层的 {field} 设为 {value}</translation>
    </message>
    <message>
        <source>Apply the fix: {fix}</source>
        <translation>应用修改：{fix}</translation>
    </message>
</context>
<context>
    <name>LesionPanel</name>
    <message>
        <source>Delete each block</source>
        <translation>逐个删掉块</translation>
    </message>
    <message>
        <source>Also random sets of blocks</source>
        <translation>再随机删掉若干块</translation>
    </message>
    <message>
        <source>Each block of the trained network is deleted in turn at test time and the validation accuracy measured again. A residual block keeps its shortcut (its branch F is removed); a plain block becomes the identity where its shape allows. In Veit et al. 2016, deleting one block of a trained ResNet-110 (other than a downsampling one) barely changed its error, while deleting a layer of a plain VGG net destroyed it.</source>
        <translation>测试时把训练好的网络中的块逐个删掉，再测一次验证准确率。残差块删掉的是残差分支，捷径连接保留；普通块在形状允许的地方换成恒等映射。Veit 等人 2016 年的实验中，删掉训练好的 ResNet-110 的任意一个块（降采样块除外）几乎不改变错误率，而删掉普通 VGG 网络的一层，网络就垮了。</translation>
    </message>
    <message>
        <source>Deleting the blocks of run {id} one by one…</source>
        <translation>正在逐个删掉训练记录 {id} 中网络的块…</translation>
    </message>
    <message>
        <source>Open a finished run (Compare runs, double-click) to study it.</source>
        <translation>先打开一条已完成的训练记录（在“比较训练记录”里双击）再做实验。</translation>
    </message>
    <message>
        <source>Run {id} has no lesion study yet.</source>
        <translation>训练记录 {id} 还没有做过损伤实验。</translation>
    </message>
    <message>
        <source>Run {id}: {acc} of {images} validation images right with every block in place.</source>
        <translation>训练记录 {id}：所有块都在时，{images} 张验证图像中答对 {acc}。</translation>
    </message>
    <message>
        <source>Lesion study of run {id}</source>
        <translation>训练记录 {id} 的损伤实验</translation>
    </message>
</context>
<context>
    <name>LessonCoordinator</name>
    <message>
        <source>The lesson&apos;s runs could not be read: {error}</source>
        <translation>无法读取本课的训练记录：{error}</translation>
    </message>
</context>
<context>
    <name>LessonsPanel</name>
    <message>
        <source>Each lesson runs an experiment and says what the measured numbers show. Take them in order: from y = F(x) + x to why very deep networks train only with shortcuts.</source>
        <translation>每一课都会运行一个实验，并说明测得的数字显示了什么。请按顺序学习：从 y = F(x) + x，到为什么很深的网络只有加上捷径连接才能训练。</translation>
    </message>
    <message>
        <source>{number}. {title}
{summary}</source>
        <translation>{number}. {title}
{summary}</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>◀ All lessons</source>
        <translation>◀ 全部课程</translation>
    </message>
    <message>
        <source>Run the experiment</source>
        <translation>运行实验</translation>
    </message>
    <message>
        <source>Trains the lesson&apos;s networks in the queue, or reuses matching finished runs from the store</source>
        <translation>在队列中训练本课的网络，或复用记录库中匹配的已完成训练记录</translation>
    </message>
    <message>
        <source>Longer classroom setting (about {minutes:g} min)</source>
        <translation>较长的课堂设置（约 {minutes:g} 分钟）</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>指给我看</translation>
    </message>
    <message>
        <source>Open the view to look at and highlight the block in the diagram</source>
        <translation>打开要看的视图，并在结构图中高亮对应的块</translation>
    </message>
    <message>
        <source>Longer classroom setting ({steps} steps)</source>
        <translation>较长的课堂设置（{steps} 步）</translation>
    </message>
    <message>
        <source>{steps} steps per network, with a cosine schedule.</source>
        <translation>每个网络 {steps} 步，余弦学习率。</translation>
    </message>
    <message>
        <source>About {minutes:g} minutes on two CPU cores.</source>
        <translation>在双核 CPU 上约 {minutes:g} 分钟。</translation>
    </message>
    <message>
        <source>Lesson {number}: {title}</source>
        <translation>第 {number} 课：{title}</translation>
    </message>
    <message>
        <source>What the runs showed:</source>
        <translation>这几次训练显示：</translation>
    </message>
    <message>
        <source>Where to look: {where}</source>
        <translation>看哪里：{where}</translation>
    </message>
</context>
<context>
    <name>LessonsUi</name>
    <message>
        <source>PyTorch is still loading; press Run again in a moment.</source>
        <translation>PyTorch 还在加载，请稍后再按“运行实验”。</translation>
    </message>
    <message>
        <source>A lesson&apos;s conclusion is still being drawn; this one can run when it appears.</source>
        <translation>上一课的结论还在计算中；等它出来后，这一课就可以运行了。</translation>
    </message>
    <message>
        <source>Another lesson&apos;s runs are training; this one can run when they have ended.</source>
        <translation>另一课的训练正在进行；等它们结束后才能运行这一课。</translation>
    </message>
    <message>
        <source>{queued} runs queued, {reused} reused from the store. The views follow the run that is training.</source>
        <translation>已排入 {queued} 次训练，从记录库中复用了 {reused} 条训练记录。视图会跟随正在进行的训练。</translation>
    </message>
    <message>
        <source>The queue is paused: the lesson goes on when it runs again.</source>
        <translation>队列已暂停：队列重新运行时本课会继续。</translation>
    </message>
    <message>
        <source>The runs have ended. Deleting their blocks one by one to measure what each costs…</source>
        <translation>训练已经结束。正在逐个删掉它们的块，测量每个块的影响……</translation>
    </message>
    <message>
        <source>The runs have ended. Drawing the conclusion from their numbers…</source>
        <translation>训练已经结束。正在根据测得的数字得出结论……</translation>
    </message>
    <message>
        <source>Reused from the store, trained with the same settings: runs {ids}. Delete them in Compare runs to train them again.</source>
        <translation>复用了记录库中以相同设置训练过的训练记录 {ids}。想重新训练，请先在“比较训练记录”中删除它们。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
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
        <source>Shattered gradients</source>
        <translation>破碎梯度</translation>
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
        <source>Lesion</source>
        <translation>损伤实验</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>损失地形</translation>
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
        <source>Queue</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
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
        <translation>第一轮训练结束后会出现 Grad-CAM 热力图，也可以点“计算”</translation>
    </message>
    <message>
        <source>Training run {id}: {name} on {dataset}</source>
        <translation>正在训练：训练记录 {id}，{name}，数据集 {dataset}</translation>
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
        <translation>&lt;b&gt;resviz&lt;/b&gt; 演示残差连接为什么有效。&lt;br&gt;&lt;br&gt;残差块的输出是 y = F(x) + x，所以 ∂y/∂x = ∂F/∂x + 1：即使 F 传回的梯度很小，梯度也能沿捷径连接回到前面的层（He 等人 2015, 2016）。</translation>
    </message>
    <message>
        <source>PyTorch could not load: {error}</source>
        <translation>PyTorch 加载失败：{error}</translation>
    </message>
    <message>
        <source>{name}[*] — resviz</source>
        <translation>{name}[*] — resviz</translation>
    </message>
    <message>
        <source>Cannot load the run&apos;s network</source>
        <translation>无法载入这条训练记录的网络</translation>
    </message>
    <message>
        <source>Load the network of the run on display</source>
        <translation>载入当前显示的训练记录的网络</translation>
    </message>
    <message>
        <source>Diagram · run {id}, coloured by its gradients</source>
        <translation>结构图 · 训练记录 {id}，按其梯度着色</translation>
    </message>
    <message>
        <source>Diagram · the run on display</source>
        <translation>结构图 · 当前显示的训练记录</translation>
    </message>
    <message>
        <source>Diagram · the network in the editor (not trained: grey)</source>
        <translation>结构图 · 编辑器中的网络（未训练：灰色）</translation>
    </message>
</context>
<context>
    <name>PlotPanel</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Save this view as PNG or SVG, or its numbers as CSV</source>
        <translation>把这个视图存成 PNG 或 SVG，或把数据存成 CSV</translation>
    </message>
    <message>
        <source>PNG image…</source>
        <translation>PNG 图片…</translation>
    </message>
    <message>
        <source>SVG vector image…</source>
        <translation>SVG 矢量图…</translation>
    </message>
    <message>
        <source>CSV data…</source>
        <translation>CSV 数据…</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图片 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
</context>
<context>
    <name>PresentationMode</name>
    <message>
        <source>Present</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Full screen for a projector: large text, thick lines, high contrast (Esc leaves it)</source>
        <translation>投影用全屏：大字、粗线、高对比度（按 Esc 退出）</translation>
    </message>
</context>
<context>
    <name>PropertiesPanel</name>
    <message>
        <source>Select an item in the tree to edit it.</source>
        <translation>在上面的树里选一项来编辑。</translation>
    </message>
    <message>
        <source>Number of blocks in this stage. New blocks copy the last one, with stride 1.</source>
        <translation>这个阶段的块数。新加的块复制最后一个块，步幅为 1。</translation>
    </message>
    <message>
        <source>Copy this block&apos;s options (all but stride) to every block of its stage</source>
        <translation>把这个块的设置（步幅除外）复制到本阶段的每个块</translation>
    </message>
    <message>
        <source>Apply to every block (keeps widths and strides)</source>
        <translation>应用到所有块（保留宽度和步幅）</translation>
    </message>
    <message>
        <source>Copy this block&apos;s options, except channels and stride, to every block of the network</source>
        <translation>把这个块的设置（通道数和步幅除外）复制到网络里的每个块</translation>
    </message>
    <message>
        <source>Network and input</source>
        <translation>网络与输入</translation>
    </message>
    <message>
        <source>Stem (conv1)</source>
        <translation>输入层（conv1）</translation>
    </message>
    <message>
        <source>Head (pool → fc)</source>
        <translation>输出头（池化 → 全连接）</translation>
    </message>
    <message>
        <source>Stage {stage} (layer{stage})</source>
        <translation>第 {stage} 阶段（layer{stage}）</translation>
    </message>
    <message>
        <source>1 block, {width} channels out</source>
        <translation>1 个块，输出 {width} 个通道</translation>
    </message>
    <message>
        <source>{n} blocks, {width} channels out</source>
        <translation>{n} 个块，输出 {width} 个通道</translation>
    </message>
    <message>
        <source>{shape_in} → {shape_out} · {params} parameters</source>
        <translation>{shape_in} → {shape_out} · {params} 个参数</translation>
    </message>
    <message>
        <source>Stage {stage}, block {block} (layer{stage}.{index})</source>
        <translation>第 {stage} 阶段第 {block} 块（layer{stage}.{index}）</translation>
    </message>
    <message>
        <source>Apply to whole stage {stage}</source>
        <translation>应用到整个第 {stage} 阶段</translation>
    </message>
    <message>
        <source>{shape_in} → {shape_out} · {params} parameters · {macs} M multiply-adds</source>
        <translation>{shape_in} → {shape_out} · {params} 个参数 · {macs} M 次乘加</translation>
    </message>
    <message>
        <source>This block does not fit here (see the message below). Its input: {shape}.</source>
        <translation>这个块放在这里对不上（见下方提示）。它的输入：{shape}。</translation>
    </message>
    <message>
        <source>This block does not fit here (see the message below).</source>
        <translation>这个块放在这里对不上（见下方提示）。</translation>
    </message>
    <message>
        <source>Input {shape}</source>
        <translation>输入 {shape}</translation>
    </message>
    <message>
        <source>totals appear once the whole network is valid</source>
        <translation>整个网络有效后才显示总计</translation>
    </message>
    <message>
        <source>Outputs {out} channels ({channels} × {expansion}).</source>
        <translation>输出 {out} 个通道（{channels} × {expansion}）。</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>{n} steps</source>
        <translation>{n} 步</translation>
    </message>
    <message>
        <source>{n} epochs</source>
        <translation>{n} 轮</translation>
    </message>
    <message>
        <source>{arch} · {kind} · depth {depth} · {params} parameters</source>
        <translation>{arch} · {kind} · 深度 {depth} · {params} 个参数</translation>
    </message>
    <message>
        <source>batch {batch} · lr {lr} · seed {seed}</source>
        <translation>批大小 {batch} · 学习率 {lr} · 种子 {seed}</translation>
    </message>
    <message>
        <source>tags: {tags}</source>
        <translation>标签：{tags}</translation>
    </message>
    <message>
        <source>Nothing is training.</source>
        <translation>现在没有在训练。</translation>
    </message>
    <message>
        <source>Train the waiting runs one after another. Pausing lets the run in progress finish and starts no other.</source>
        <translation>依次进行等待中的训练。暂停队列时，正在进行的训练会完成，之后不再开始新的。</translation>
    </message>
    <message>
        <source>Training now</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>Runs at once on a GPU:</source>
        <translation>GPU 上同时进行的训练数：</translation>
    </message>
    <message>
        <source>How many queued runs may train at the same time on a GPU, as far as its memory holds them all. On a CPU the queue trains one run at a time: runs side by side share the same cores, so each takes several times longer for little gain in total.</source>
        <translation>在 GPU 上，只要显存装得下，队列里最多可以有这么多个训练同时进行。在 CPU 上队列一次只进行一个训练：几个训练同时跑会共用同样的处理器核心，每个都要慢好几倍，总的来说也快不了多少。</translation>
    </message>
    <message>
        <source>The queue is empty.

Queue a sweep, or press “Degradation demo” to queue plain-20, plain-56, ResNet-20 and ResNet-56.</source>
        <translation>队列是空的。

可以排入一组批量实验，或者点“退化问题演示”，把 plain-20、plain-56、ResNet-20 和 ResNet-56 排进队列。</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Cancel run</source>
        <translation>取消这次训练</translation>
    </message>
    <message>
        <source>Take the selected run out of the queue (it is deleted: it has not started)</source>
        <translation>把选中的训练移出队列（它还没开始，会被删除）</translation>
    </message>
    <message>
        <source>Sweep…</source>
        <translation>批量实验…</translation>
    </message>
    <message>
        <source>Queue a grid of networks: depths, plain/residual, shortcuts, seeds</source>
        <translation>排入一组网络：不同深度、普通/残差、捷径、随机种子</translation>
    </message>
    <message>
        <source>Waiting, in order:</source>
        <translation>按顺序等待：</translation>
    </message>
    <message>
        <source>{run}  (waits for a Ray worker)</source>
        <translation>{run}（等待 Ray 工作节点）</translation>
    </message>
    <message>
        <source>{n} waiting</source>
        <translation>{n} 个在等待</translation>
    </message>
    <message>
        <source>{n} training at once</source>
        <translation>{n} 个同时在训练</translation>
    </message>
    <message>
        <source>Pause queue</source>
        <translation>暂停队列</translation>
    </message>
    <message>
        <source>Run queue</source>
        <translation>运行队列</translation>
    </message>
    <message>
        <source>step {step}/{total}</source>
        <translation>第 {step}/{total} 步</translation>
    </message>
    <message>
        <source>step {step}/{total} · loss {loss}</source>
        <translation>第 {step}/{total} 步 · 损失 {loss}</translation>
    </message>
    <message>
        <source>Last run {status} after {steps} steps. Nothing is training.</source>
        <translation>上一次训练在 {steps} 步后{status}。现在没有在训练。</translation>
    </message>
</context>
<context>
    <name>RaySweepBox</name>
    <message>
        <source>On Ray</source>
        <translation>在 Ray 上</translation>
    </message>
    <message>
        <source>Cancel Ray sweep</source>
        <translation>取消 Ray 扫描</translation>
    </message>
    <message>
        <source>Stop the trials after their step (they keep their checkpoint); runs not started yet are taken out</source>
        <translation>让试验在当前这一步之后停下（保留检查点）；还没开始的训练会被移出</translation>
    </message>
    <message>
        <source>Stopping the Ray trials…</source>
        <translation>正在停止 Ray 试验…</translation>
    </message>
    <message>
        <source>Connecting to Ray…</source>
        <translation>正在连接 Ray…</translation>
    </message>
    <message>
        <source>{running} training, {waiting} waiting for a worker, {ended} ended</source>
        <translation>{running} 个在训练，{waiting} 个在等待工作节点，{ended} 个已结束</translation>
    </message>
    <message>
        <source>#{id} {name}: step {step}/{total}</source>
        <translation>#{id} {name}：第 {step}/{total} 步</translation>
    </message>
    <message>
        <source>loss {loss}</source>
        <translation>损失 {loss}</translation>
    </message>
    <message>
        <source>The Ray sweep ended: {runs}</source>
        <translation>Ray 扫描已结束：{runs}</translation>
    </message>
</context>
<context>
    <name>RunActions</name>
    <message>
        <source>The network does not fit together</source>
        <translation>网络各部分对不上</translation>
    </message>
    <message>
        <source>Degradation demo: four runs queued in the quick classroom setting (CPU)</source>
        <translation>退化问题演示：已按课堂快速设置（CPU）排入四次训练</translation>
    </message>
    <message>
        <source>Degradation demo: four runs queued in the longer classroom setting (CPU)</source>
        <translation>退化问题演示：已按较长的课堂设置（CPU）排入四次训练</translation>
    </message>
    <message>
        <source>Degradation demo: four runs queued in the paper-like setting (GPU)</source>
        <translation>退化问题演示：已按接近论文的设置（GPU）排入四次训练</translation>
    </message>
    <message>
        <source>The demo&apos;s runs could not be read: {error}</source>
        <translation>无法读取演示的训练记录：{error}</translation>
    </message>
    <message>
        <source>What the degradation demo shows</source>
        <translation>退化问题演示说明了什么</translation>
    </message>
    <message>
        <source>The degradation demo has finished. What its four runs show is written at the top of Compare runs, above their table and curves.</source>
        <translation>退化问题演示已完成。四次训练说明了什么，写在“比较训练记录”页的最上方，在表格和曲线之上。</translation>
    </message>
    <message>
        <source>Computing Grad-CAM between two training steps…</source>
        <translation>正在两个训练步之间计算 Grad-CAM…</translation>
    </message>
    <message>
        <source>Train a network or open a past run first</source>
        <translation>请先训练一个网络，或打开一条以前的训练记录</translation>
    </message>
    <message>
        <source>Computing Grad-CAM from the run&apos;s checkpoint…</source>
        <translation>正在用这条训练记录的检查点计算 Grad-CAM…</translation>
    </message>
    <message>
        <source>A run is training</source>
        <translation>有训练正在进行</translation>
    </message>
    <message>
        <source>Stop it, or wait for it to end, before resuming another.</source>
        <translation>请先停止它，或等它结束，再继续别的训练。</translation>
    </message>
    <message>
        <source>Loading data…</source>
        <translation>正在加载数据…</translation>
    </message>
    <message>
        <source>A run is training; its views stay live until it ends</source>
        <translation>正在训练；训练结束前视图会一直实时更新</translation>
    </message>
    <message>
        <source>Cannot open the run</source>
        <translation>无法打开这条训练记录</translation>
    </message>
    <message>
        <source>{steps} steps on {dataset}</source>
        <translation>在 {dataset} 上训练了 {steps} 步</translation>
    </message>
    <message>
        <source>No Grad-CAM stored for this run: press Compute to make one from its checkpoint</source>
        <translation>这条训练记录没有保存 Grad-CAM：点“计算”用它的检查点生成</translation>
    </message>
    <message>
        <source>Showing run {id}: {name} ({status})</source>
        <translation>正在显示训练记录 {id}：{name}（{status}）</translation>
    </message>
    <message>
        <source>Import run</source>
        <translation>导入训练记录</translation>
    </message>
    <message>
        <source>resviz run (*.json)</source>
        <translation>resviz 训练记录 (*.json)</translation>
    </message>
    <message>
        <source>Cannot import the run</source>
        <translation>无法导入这条训练记录</translation>
    </message>
    <message>
        <source>Rename “{name}”</source>
        <translation>重命名“{name}”</translation>
    </message>
    <message>
        <source>Edit tags</source>
        <translation>编辑标签</translation>
    </message>
    <message>
        <source>Edit notes</source>
        <translation>编辑备注</translation>
    </message>
    <message>
        <source>Open in main view</source>
        <translation>在主视图中打开</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Tags…</source>
        <translation>标签…</translation>
    </message>
    <message>
        <source>Tags of {n} runs…</source>
        <translation>{n} 条训练记录的标签…</translation>
    </message>
    <message>
        <source>Notes…</source>
        <translation>备注…</translation>
    </message>
    <message>
        <source>Notes of {n} runs…</source>
        <translation>{n} 条训练记录的备注…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>导出 JSON…</translation>
    </message>
    <message>
        <source>Export JSON with trained weights…</source>
        <translation>导出 JSON（含训练好的权重）…</translation>
    </message>
    <message>
        <source>Adds each run&apos;s last checkpoint (a few MB for a CIFAR ResNet), so that Grad-CAM, a lesion study or a resume work where it is imported</source>
        <translation>加上每条训练记录最后的检查点（CIFAR ResNet 约几 MB），导入后也能做 Grad-CAM、损伤实验或继续训练</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Delete {n} runs…</source>
        <translation>删除 {n} 条训练记录…</translation>
    </message>
    <message>
        <source>Rename run</source>
        <translation>重命名训练记录</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Tags, separated by commas:</source>
        <translation>标签，用逗号分隔：</translation>
    </message>
    <message>
        <source>Tags shared by the {n} runs, separated by commas
(removing one removes it from all; other tags are kept):</source>
        <translation>这 {n} 条训练记录共有的标签，用逗号分隔
（删掉一个标签会把它从这些训练记录中全部删掉；其他标签保留）：</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Notes for {n} runs</source>
        <translation>{n} 条训练记录的备注</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Delete the run “{name}”?</source>
        <translation>删除训练记录“{name}”？</translation>
    </message>
    <message>
        <source>Delete these {n} runs?</source>
        <translation>删除这 {n} 条训练记录？</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除训练记录</translation>
    </message>
    <message>
        <source>Their metrics, checkpoints and Grad-CAM snapshots are removed from the store. This cannot be undone.</source>
        <translation>它们的指标、检查点和 Grad-CAM 快照都会从记录库中删除，无法撤销。</translation>
    </message>
    <message>
        <source>Some runs were not deleted</source>
        <translation>有些训练记录没有删掉</translation>
    </message>
    <message>
        <source>Export runs as CSV into…</source>
        <translation>把训练记录导出为 CSV 到…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export run as JSON</source>
        <translation>把训练记录导出为 JSON</translation>
    </message>
    <message>
        <source>Export runs as JSON into…</source>
        <translation>把训练记录导出为 JSON 到…</translation>
    </message>
    <message>
        <source>Import runs</source>
        <translation>导入训练记录</translation>
    </message>
    <message>
        <source>Could not import {name}</source>
        <translation>无法导入 {name}</translation>
    </message>
</context>
<context>
    <name>RunHeader</name>
    <message>
        <source>Edit this network</source>
        <translation>编辑这个网络</translation>
    </message>
    <message>
        <source>Load the network this run trained into the editor (an undoable edit), to change it and train the changed one</source>
        <translation>把这条训练记录中训练的网络载入编辑器（可以撤销），修改后再训练修改后的网络</translation>
    </message>
    <message>
        <source>No run on display: press Train, or open a run from Compare runs</source>
        <translation>当前没有显示的训练记录：按“训练”，或在“比较训练记录”中打开一条训练记录</translation>
    </message>
    <message>
        <source>Run {id}: {name}</source>
        <translation>训练记录 {id}：{name}</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>training in another process</source>
        <translation>正在另一个进程中训练</translation>
    </message>
</context>
<context>
    <name>RunOnBox</name>
    <message>
        <source>Run on</source>
        <translation>运行位置</translation>
    </message>
    <message>
        <source>This machine (the queue trains the runs one after another)</source>
        <translation>本机（队列依次进行这些训练）</translation>
    </message>
    <message>
        <source>Ray: each run is a trial, on a cluster or a local Ray</source>
        <translation>Ray：每个训练作为一个试验，可在集群或本机 Ray 上运行</translation>
    </message>
    <message>
        <source>empty: $RAY_ADDRESS, else a local Ray with this computer&apos;s cores</source>
        <translation>留空：使用 $RAY_ADDRESS，否则用本机全部核心启动 Ray</translation>
    </message>
    <message>
        <source>The address &apos;ray start --head&apos; printed, e.g. 192.168.1.10:6379 or ray://192.168.1.10:10001</source>
        <translation>&apos;ray start --head&apos; 打印出的地址，例如 192.168.1.10:6379 或 ray://192.168.1.10:10001</translation>
    </message>
    <message>
        <source>CPUs Ray gives each trial</source>
        <translation>Ray 分给每个试验的 CPU 数</translation>
    </message>
    <message>
        <source>GPUs Ray gives each trial. auto: one where the cluster has GPUs, else none; 0.25 lets four small runs share a card</source>
        <translation>Ray 分给每个试验的 GPU 数。auto：集群有 GPU 时每个试验一块，否则不用；0.25 表示四个小规模训练共用一块卡</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>CPUs per trial</source>
        <translation>每个试验的 CPU</translation>
    </message>
    <message>
        <source>GPUs per trial</source>
        <translation>每个试验的 GPU</translation>
    </message>
    <message>
        <source>Ray is not installed. To run sweeps on Ray: pip install &quot;resviz[ray]&quot;</source>
        <translation>没有安装 Ray。要在 Ray 上运行扫描：pip install &quot;resviz[ray]&quot;</translation>
    </message>
    <message>
        <source>GPUs per trial must be a number of at least 0, or auto, not {text}</source>
        <translation>每个试验的 GPU 数必须是不小于 0 的数或 auto，而不是 {text}</translation>
    </message>
</context>
<context>
    <name>RunTable</name>
    <message>
        <source>identity</source>
        <translation>恒等映射</translation>
    </message>
    <message>
        <source>A · pad</source>
        <translation>A · 补零</translation>
    </message>
    <message>
        <source>B · proj.</source>
        <translation>B · 投影</translation>
    </message>
    <message>
        <source>C · proj. all</source>
        <translation>C · 全投影</translation>
    </message>
    <message>
        <source>scaling</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>excl. gating</source>
        <translation>互斥门控</translation>
    </message>
    <message>
        <source>sc. gating</source>
        <translation>捷径门控</translation>
    </message>
    <message>
        <source>1×1 conv</source>
        <translation>1×1 卷积</translation>
    </message>
    <message>
        <source>dropout</source>
        <translation>dropout</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <source>basic</source>
        <translation>基本</translation>
    </message>
    <message>
        <source>bottleneck</source>
        <translation>瓶颈</translation>
    </message>
    <message>
        <source>Run number in the store</source>
        <translation>训练记录 ID：记录库中的编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Final training loss: the mean over the last 10 % of the logged steps; for an interrupted run, the last one it logged</source>
        <translation>最终训练损失：最后 10% 记录步的平均值；中断的训练显示最后记录到的值</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>网络结构</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Weight layers on the main path</source>
        <translation>主路径上带权重的层数</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Plain (no shortcuts) or residual</source>
        <translation>普通（没有捷径）或残差</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>块</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>捷径</translation>
    </message>
    <message>
        <source>Shortcut kind: option A zero-pads, B projects where the shape changes, C everywhere</source>
        <translation>捷径类型：选项 A 补零，B 在形状变化处投影，C 处处投影</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Best val acc</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>Best validation accuracy</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Training wall time</source>
        <translation>训练用时</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Number format of the training: fp32, or bf16/fp16 for convolutions under autocast</source>
        <translation>训练用的数值格式：fp32，或在自动混合精度下用 bf16/fp16 做卷积</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>标签</translation>
    </message>
</context>
<context>
    <name>ShatterPanel</name>
    <message>
        <source>Measure the gradients</source>
        <translation>测量梯度</translation>
    </message>
    <message>
        <source>Points on the line</source>
        <translation>直线上的点数</translation>
    </message>
    <message>
        <source>The inputs lie on a straight line between two validation images. At each, the gradient of the network&apos;s first output with respect to the input; then the mean cosine similarity of the gradients of inputs k points apart. Balduzzi et al. 2017 found that in deep plain networks this similarity falls to about 0 at once (the gradient looks like white noise), while with shortcuts it decays slowly.</source>
        <translation>输入取在两张验证图像之间的一条直线上。在每个点上，求网络第一个输出对输入的梯度；再算相隔 k 个点的两个输入的梯度之间的平均余弦相似度。Balduzzi 等人 2017 年发现：在很深的普通网络里，这个相似度一下子就掉到 0 左右（梯度像白噪声），而有捷径连接时它衰减得很慢。</translation>
    </message>
    <message>
        <source>Run {id}: measuring the input gradients…</source>
        <translation>训练记录 {id}：正在测量输入梯度…</translation>
    </message>
    <message>
        <source>Open a finished run (Compare runs, double-click) to study it.</source>
        <translation>先打开一条已完成的训练记录（在“比较训练记录”里双击）再来研究它。</translation>
    </message>
    <message>
        <source>Run {id} has no measurement yet: press &apos;Measure the gradients&apos;.</source>
        <translation>训练记录 {id} 还没有测量结果：请按“测量梯度”。</translation>
    </message>
    <message>
        <source>Run {id}: similarity of gradients one point apart {trained} trained, {initial} at initialisation ({points} points).</source>
        <translation>训练记录 {id}：相隔一个点的梯度相似度，训练后 {trained}，初始化时 {initial}（{points} 个点）。</translation>
    </message>
    <message>
        <source>Run {id}: similarity of gradients one point apart {trained} trained, {initial} at a fresh initialisation ({points} points; the run did not keep its own initial weights).</source>
        <translation>训练记录 {id}：相隔一个点的梯度相似度，训练后 {trained}，新初始化下 {initial}（{points} 个点；这条训练记录没有保存它自己的初始权重）。</translation>
    </message>
    <message>
        <source>Shattered gradients of run {id}</source>
        <translation>训练记录 {id} 的破碎梯度</translation>
    </message>
</context>
<context>
    <name>ShortcutPanel</name>
    <message>
        <source>How large each residual branch&apos;s output is next to its input: small values mean the block stays close to the identity</source>
        <translation>每个残差分支的输出和它的输入相比有多大：值小说明这个块接近恒等映射</translation>
    </message>
    <message>
        <source>block  (input → output)</source>
        <translation>块（输入 → 输出）</translation>
    </message>
    <message>
        <source>shortcut vs residual branch</source>
        <translation>捷径与残差分支</translation>
    </message>
    <message>
        <source>branch size</source>
        <translation>分支大小</translation>
    </message>
    <message>
        <source>‖F(x)‖ / ‖x‖ per residual block (‖h(x)‖ for projection shortcuts)</source>
        <translation>每个残差块的 ‖F(x)‖ / ‖x‖（投影捷径用 ‖h(x)‖）</translation>
    </message>
    <message>
        <source>Shortcut and branch gradient shares appear after the first probe. Press &lt;b&gt;Train&lt;/b&gt;.</source>
        <translation>第一次测量后这里显示捷径和分支的梯度占比。请按&lt;b&gt;训练&lt;/b&gt;。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Plain network: no shortcuts.&lt;/b&gt;&lt;br&gt;Every gradient must pass through every layer.</source>
        <translation>&lt;b&gt;普通网络：没有捷径。&lt;/b&gt;&lt;br&gt;梯度必须穿过每一层。</translation>
    </message>
    <message>
        <source>no shortcut (plain block)</source>
        <translation>没有捷径（普通块）</translation>
    </message>
    <message>
        <source>no shortcut: all of its gradient passes through its layers</source>
        <translation>没有捷径：全部梯度都要穿过它的各层</translation>
    </message>
    <message>
        <source>residual block, not probed yet</source>
        <translation>残差块，还没有测量</translation>
    </message>
    <message>
        <source>part of the block&apos;s input gradient</source>
        <translation>占该块输入梯度的比例</translation>
    </message>
    <message>
        <source>Each bar is the part of a block&apos;s input gradient g = ∂L/∂x that arrives through one path, ⟨g_path, g⟩ / ‖g‖². The two parts add up to 100%; a part above 100% or below 0 means the paths partly cancel. A cosine near 0 means the two parts point in unrelated directions. In a full pre-activation unit that changes the shape, x is the input after the BN → ReLU both paths share.</source>
        <translation>每根条表示一个块的输入梯度 g = ∂L/∂x 中经由某一条路径传来的部分，即 ⟨g_path, g⟩ / ‖g‖²。两部分加起来是 100%；某部分超过 100% 或小于 0，说明两条路径的梯度部分相互抵消。余弦接近 0，说明两部分的方向互不相关。在改变形状的完全预激活单元里，x 是两条路径共用的 BN → ReLU 之后的输入。</translation>
    </message>
    <message>
        <source>⟨g_s, g⟩ / ‖g‖² and ⟨g_b, g⟩ / ‖g‖², where g = ∂L/∂x = g_s + g_b: the parts of the input gradient that come through the shortcut and through the branch F(x). They add up to 100%.</source>
        <translation>⟨g_s, g⟩ / ‖g‖² 和 ⟨g_b, g⟩ / ‖g‖²，其中 g = ∂L/∂x = g_s + g_b：输入梯度中分别经由捷径连接和残差分支 F(x) 传来的部分，两者之和为 100%。</translation>
    </message>
    <message>
        <source>alignment</source>
        <translation>方向一致性</translation>
    </message>
    <message>
        <source>Cosine between the gradient through the shortcut and through the branch: 1 same direction, 0 unrelated, −1 opposed</source>
        <translation>经捷径与经残差分支的梯度之间的余弦：1 表示方向相同，0 表示互不相关，−1 表示方向相反</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recorded by an older resviz.&lt;/b&gt;&lt;br&gt;It kept only ‖g_s‖ and ‖g_b‖, which do not give the shares.&lt;br&gt;Train the network again to see them.</source>
        <translation>&lt;b&gt;这条训练记录来自旧版 resviz。&lt;/b&gt;&lt;br&gt;它只保存了 ‖g_s‖ 和 ‖g_b‖，由它们算不出占比。&lt;br&gt;重新训练这个网络即可看到。</translation>
    </message>
    <message>
        <source>through the shortcut</source>
        <translation>经由捷径连接</translation>
    </message>
    <message>
        <source>through the branch F(x)</source>
        <translation>经由残差分支 F(x)</translation>
    </message>
    <message>
        <source>{shortcut} {s}% · {branch} {b}% of ∂L/∂x</source>
        <translation>{shortcut} {s}% · {branch} {b}%（占 ∂L/∂x）</translation>
    </message>
    <message>
        <source>shortcut</source>
        <translation>捷径</translation>
    </message>
    <message>
        <source>branch</source>
        <translation>分支</translation>
    </message>
    <message>
        <source>shares not recorded</source>
        <translation>未记录占比</translation>
    </message>
    <message>
        <source>Hover a bar to read a block&apos;s split</source>
        <translation>把鼠标移到条形上，读取某个块的梯度分配</translation>
    </message>
    <message>
        <source>&lt;b&gt;plain network&lt;/b&gt;: no block has a shortcut, so the gradient reaching the first layers has passed through every layer above them</source>
        <translation>&lt;b&gt;普通网络&lt;/b&gt;：没有一个块带捷径，所以传到前几层的梯度都穿过了它们上面的每一层</translation>
    </message>
    <message>
        <source>This run was recorded before resviz measured the shares: only ‖g_s‖ and ‖g_b‖ were kept, and their ratio is not a share, so no bars are drawn.</source>
        <translation>这条训练记录产生于 resviz 开始测量占比之前：只保存了 ‖g_s‖ 和 ‖g_b‖，而它们的比值并不是占比，所以不画条形。</translation>
    </message>
    <message>
        <source>latest step {step}</source>
        <translation>最新：第 {step} 步</translation>
    </message>
    <message>
        <source>averaged over {n} residual blocks, the {shortcut} contributes {s}% of the input gradient and the {branch} {b}%; median cosine between them {cos}</source>
        <translation>在 {n} 个残差块上平均，{shortcut}贡献了输入梯度的 {s}%，{branch}贡献了 {b}%；两者余弦的中位数为 {cos}</translation>
    </message>
</context>
<context>
    <name>SpecDocument</name>
    <message>
        <source>Replace the network</source>
        <translation>替换网络</translation>
    </message>
    <message>
        <source>Load preset {name}</source>
        <translation>载入预设 {name}</translation>
    </message>
    <message>
        <source>Make the network plain</source>
        <translation>改成普通网络</translation>
    </message>
    <message>
        <source>Make the network residual</source>
        <translation>改成残差网络</translation>
    </message>
    <message>
        <source>Restore unsaved changes</source>
        <translation>恢复未保存的修改</translation>
    </message>
</context>
<context>
    <name>SpecEditor</name>
    <message>
        <source>CIFAR-10 · He et al. 2015</source>
        <translation>CIFAR-10 · He 等人 2015</translation>
    </message>
    <message>
        <source>Pre-activation · He et al. 2016</source>
        <translation>预激活 · He 等人 2016</translation>
    </message>
    <message>
        <source>ImageNet · torchvision layout</source>
        <translation>ImageNet · torchvision 结构</translation>
    </message>
    <message>
        <source>Estimated from the shapes: weights, their gradients, the optimizer&apos;s momentum and the activations kept for the backward pass at the training settings&apos; batch size. A run that would not fit is refused before it starts.</source>
        <translation>根据各层形状估算：权重、它们的梯度、优化器的动量，以及按训练设置中的批大小为反向传播保留的激活值。放不下的训练在开始前就会被拒绝。</translation>
    </message>
    <message>
        <source>Plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Every block without a shortcut: y = F(x), a plain network</source>
        <translation>所有块都不带捷径：y = F(x)，即普通网络</translation>
    </message>
    <message>
        <source>Residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>Every block adds its input back through a shortcut connection: y = F(x) + x</source>
        <translation>每个块都通过捷径连接把输入加回来：y = F(x) + x</translation>
    </message>
    <message>
        <source>Load one of the papers&apos; networks (an undoable edit)</source>
        <translation>载入论文中的某个网络（可以撤销）</translation>
    </message>
    <message>
        <source>Custom network · load a preset…</source>
        <translation>自定义网络 · 载入预设…</translation>
    </message>
    <message>
        <source>Depth {depth} · {params} parameters · {macs} multiply-adds</source>
        <translation>深度 {depth} · {params} 个参数 · {macs} 次乘加</translation>
    </message>
    <message>
        <source>Training memory at batch {batch}: {fp32} fp32 · {bf16} bf16</source>
        <translation>批大小 {batch} 时的训练内存：fp32 {fp32} · bf16 {bf16}</translation>
    </message>
    <message>
        <source>Depth {depth} · – parameters · – multiply-adds (invalid)</source>
        <translation>深度 {depth} · 参数 – · 乘加 –（网络无效）</translation>
    </message>
    <message>
        <source>Valid: {name} · {classes} classes out</source>
        <translation>有效：{name} · 输出 {classes} 类</translation>
    </message>
    <message>
        <source>This block&apos;s input: {shape}</source>
        <translation>这个块的输入：{shape}</translation>
    </message>
    <message>
        <source>Show the problem</source>
        <translation>定位问题</translation>
    </message>
    <message>
        <source>Train stays disabled until the network is valid</source>
        <translation>网络有效之前不能开始训练</translation>
    </message>
</context>
<context>
    <name>SpecTree</name>
    <message>
        <source>plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>basic</source>
        <translation>基本</translation>
    </message>
    <message>
        <source>bottleneck</source>
        <translation>瓶颈</translation>
    </message>
    <message>
        <source>excl. gate</source>
        <translation>互斥门控</translation>
    </message>
    <message>
        <source>gate</source>
        <translation>门控</translation>
    </message>
    <message>
        <source>drop</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>BN after add</source>
        <translation>加后 BN</translation>
    </message>
    <message>
        <source>ReLU before add</source>
        <translation>加前 ReLU</translation>
    </message>
    <message>
        <source>ReLU pre-act</source>
        <translation>ReLU 预激活</translation>
    </message>
    <message>
        <source>pre-act</source>
        <translation>预激活</translation>
    </message>
    <message>
        <source>no BN</source>
        <translation>无 BN</translation>
    </message>
    <message>
        <source>custom, {n} layers</source>
        <translation>自定义，{n} 层</translation>
    </message>
    <message>
        <source>{params} parameters · {macs} M multiply-adds</source>
        <translation>{params} 个参数 · {macs} M 次乘加</translation>
    </message>
    <message>
        <source>shortcut: {shortcut}</source>
        <translation>捷径：{shortcut}</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>+ Block</source>
        <translation>+ 块</translation>
    </message>
    <message>
        <source>Add a block after the selected one (a copy with stride 1)</source>
        <translation>在选中的块后面加一个块（复制它，步幅为 1）</translation>
    </message>
    <message>
        <source>+ Stage</source>
        <translation>+ 阶段</translation>
    </message>
    <message>
        <source>Add a stage after the selected one: twice as wide, stride 2</source>
        <translation>在选中的阶段后面加一个阶段：宽度加倍，步幅 2</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Duplicate the selected block</source>
        <translation>复制选中的块</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected block or stage</source>
        <translation>删除选中的块或阶段</translation>
    </message>
    <message>
        <source>Move the block up (into the previous stage at the top)</source>
        <translation>把块上移（已在顶部时移到上一个阶段）</translation>
    </message>
    <message>
        <source>Move the block down (into the next stage at the bottom)</source>
        <translation>把块下移（已在底部时移到下一个阶段）</translation>
    </message>
    <message>
        <source>Stem · conv {kernel}×{kernel} · {channels} ch</source>
        <translation>输入层 · 卷积 {kernel}×{kernel} · {channels} 通道</translation>
    </message>
    <message>
        <source>max-pool</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>Head · pool → fc</source>
        <translation>输出头 · 池化 → 全连接</translation>
    </message>
    <message>
        <source>dropout {p}</source>
        <translation>dropout {p}</translation>
    </message>
    <message>
        <source>Input · {size} · {classes} classes</source>
        <translation>输入 · {size} · {classes} 类</translation>
    </message>
    <message>
        <source>The images the network sees and how many classes it tells apart</source>
        <translation>网络看到的图像，以及它要区分多少类</translation>
    </message>
    <message>
        <source>The first convolution (conv1)</source>
        <translation>第一层卷积（conv1）</translation>
    </message>
    <message>
        <source>Global average pool and the fully connected classifier (fc)</source>
        <translation>全局平均池化和全连接分类器（fc）</translation>
    </message>
    <message>
        <source>Stage {stage} · 1 block · {width} ch</source>
        <translation>第 {stage} 阶段 · 1 个块 · {width} 通道</translation>
    </message>
    <message>
        <source>Stage {stage} · {n} blocks · {width} ch</source>
        <translation>第 {stage} 阶段 · {n} 个块 · {width} 通道</translation>
    </message>
    <message>
        <source>Stage {stage}, block {block}</source>
        <translation>第 {stage} 阶段第 {block} 块</translation>
    </message>
    <message>
        <source>Remove stage {stage}</source>
        <translation>删除第 {stage} 阶段</translation>
    </message>
</context>
<context>
    <name>SummaryTab</name>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the table, tab-separated, to paste into a spreadsheet</source>
        <translation>复制表格（制表符分隔），可以粘贴到电子表格里</translation>
    </message>
    <message>
        <source>Mean over the last 10 % of the logged steps</source>
        <translation>最后 10% 记录步的平均值</translation>
    </message>
    <message>
        <source>Save the summary</source>
        <translation>保存汇总</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Could not write {path}:</source>
        <translation>无法写入 {path}：</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <source>Queue a sweep</source>
        <translation>排入批量实验</translation>
    </message>
    <message>
        <source>The network in the editor ({name})</source>
        <translation>编辑器里的网络（{name}）</translation>
    </message>
    <message>
        <source>n = {n}  (depth {depth} for CIFAR nets)</source>
        <translation>n = {n}（CIFAR 网络深度 {depth}）</translation>
    </message>
    <message>
        <source>plain (no shortcuts)</source>
        <translation>普通（没有捷径）</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>  (the paper&apos;s)</source>
        <translation>（论文所用）</translation>
    </message>
    <message>
        <source>e.g. 0 1 2, or 0-4</source>
        <translation>例如 0 1 2，或 0-4</translation>
    </message>
    <message>
        <source>Base network</source>
        <translation>基础网络</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Blocks per stage</source>
        <translation>每阶段块数</translation>
    </message>
    <message>
        <source>Plain or residual</source>
        <translation>普通或残差</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Shortcut (residual nets)</source>
        <translation>捷径（残差网络）</translation>
    </message>
    <message>
        <source>Activation placement</source>
        <translation>激活位置</translation>
    </message>
    <message>
        <source>Queue runs</source>
        <translation>排入队列</translation>
    </message>
    <message>
        <source>{n} steps</source>
        <translation>{n} 步</translation>
    </message>
    <message>
        <source>{n} epochs</source>
        <translation>{n} 轮</translation>
    </message>
    <message>
        <source>Each run trains with the current training settings: {dataset}, {length}, batch {batch}, lr {lr}.</source>
        <translation>每次训练都用当前的训练设置：{dataset}，{length}，批大小 {batch}，学习率 {lr}。</translation>
    </message>
    <message>
        <source>Start on Ray</source>
        <translation>在 Ray 上开始</translation>
    </message>
    <message>
        <source>Cannot queue this: {error}</source>
        <translation>无法排入：{error}</translation>
    </message>
    <message>
        <source>1 run will be queued.</source>
        <translation>将排入 1 次训练。</translation>
    </message>
    <message>
        <source>{n} runs will be queued.</source>
        <translation>将排入 {n} 次训练。</translation>
    </message>
    <message>
        <source>No run to queue.</source>
        <translation>没有可排入的训练。</translation>
    </message>
    <message>
        <source>1 combination left out: it does not validate ({example})</source>
        <translation>有 1 个组合被略过：它无法通过检查（{example}）</translation>
    </message>
    <message>
        <source>{n} combinations left out: they do not validate (e.g. {example})</source>
        <translation>有 {n} 个组合被略过：它们无法通过检查（例如 {example}）</translation>
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
        <source>{params} parameters · {device} · {precision}</source>
        <translation>{params} 个参数 · {device} · {precision}</translation>
    </message>
    <message>
        <source>step {step}/{total} · epoch {epoch}</source>
        <translation>第 {step}/{total} 步 · 第 {epoch} 轮</translation>
    </message>
    <message>
        <source>loss {loss} · {speed} img/s · ETA {eta}</source>
        <translation>损失 {loss} · {speed} 张图/秒 · 剩余 {eta}</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>step (÷10 at 50% and 75%, the paper)</source>
        <translation>分段（在 50% 和 75% 处 ÷10，同论文）</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>auto (bf16 on a GPU or a CPU with AMX)</source>
        <translation>自动（GPU 或带 AMX 的 CPU 上用 bf16）</translation>
    </message>
    <message>
        <source>fp16 (CUDA only)</source>
        <translation>fp16（仅限 CUDA）</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步</translation>
    </message>
    <message>
        <source>as in the dataset</source>
        <translation>与数据集相同</translation>
    </message>
    <message>
        <source>folder with the dataset&apos;s files</source>
        <translation>存放数据集文件的文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Download if missing (needs internet)</source>
        <translation>缺少时自动下载（需要联网）</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Learning rate. The paper uses 0.1 with SGD.</source>
        <translation>学习率。论文里 SGD 用 0.1。</translation>
    </message>
    <message>
        <source>Train at lr/10 for this many steps first (the paper does 400 for ResNet-110)</source>
        <translation>先用 lr/10 训练这么多步（论文里 ResNet-110 预热 400 步）</translation>
    </message>
    <message>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <source>auto (GPU if there is one)</source>
        <translation>自动（有 GPU 就用 GPU）</translation>
    </message>
    <message>
        <source>bf16 runs convolutions in 16-bit numbers, which GPUs and CPUs with AMX do much faster; auto picks it there and fp32 elsewhere. Weights and the gradient measurements stay 32-bit.</source>
        <translation>bf16 用 16 位数值做卷积，GPU 和带 AMX 的 CPU 算得快得多；“自动”会在这些设备上选它，其他情况用 fp32。权重和梯度测量始终保持 32 位。</translation>
    </message>
    <message>
        <source>Measure per-layer gradients every this many steps</source>
        <translation>每隔这么多步测一次各层的梯度</translation>
    </message>
    <message>
        <source>Quick classroom setting</source>
        <translation>课堂快速设置</translation>
    </message>
    <message>
        <source>The quick classroom setting: {setting}. The degradation demo and --quick on the command line use the same; the network in the editor keeps its width.</source>
        <translation>课堂快速设置：{setting}。退化问题演示和命令行的 --quick 用的是同样的设置；编辑器中的网络保持原有宽度。</translation>
    </message>
    <message>
        <source>Paper setting</source>
        <translation>论文设置</translation>
    </message>
    <message>
        <source>He et al. 2015: SGD 0.1, momentum 0.9, wd 1e-4, batch 128, ÷10 at 50% and 75%</source>
        <translation>He 等人 2015：SGD 0.1，动量 0.9，权重衰减 1e-4，批大小 128，在 50% 和 75% 处 ÷10</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Image size</source>
        <translation>图像大小</translation>
    </message>
    <message>
        <source>24×24 (quick)</source>
        <translation>24×24（快速）</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像数</translation>
    </message>
    <message>
        <source>Augment: random crops and flips</source>
        <translation>数据增强：随机裁剪和翻转</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Warm-up steps</source>
        <translation>预热步数</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Train for</source>
        <translation>训练时长</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>Probe every</source>
        <translation>测量间隔</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
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
</TS>
